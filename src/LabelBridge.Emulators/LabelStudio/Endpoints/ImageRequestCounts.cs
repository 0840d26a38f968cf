namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>How the served files were answered, so tests can tell a download from a revalidation.</summary>
public sealed class ImageRequestCounts
{
    private int downloads;
    private int notModified;

    /// <summary>Answers that carried the file's bytes (200).</summary>
    public int Downloads => Volatile.Read(ref downloads);

    /// <summary>Conditional requests answered 304 Not Modified, without the bytes.</summary>
    public int NotModified => Volatile.Read(ref notModified);

    internal void CountDownload() => Interlocked.Increment(ref downloads);

    internal void CountNotModified() => Interlocked.Increment(ref notModified);
}
