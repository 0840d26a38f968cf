namespace LabelBridge.Emulators.Cvat.Model;

/// <summary>A CVAT task: frames (images) split into jobs by frame range.</summary>
public sealed class EmulatedTask(long id, long projectId, string name)
{
    public long Id { get; } = id;

    public long ProjectId { get; } = projectId;

    public string Name { get; set; } = name;

    public int SegmentSize { get; set; }

    public List<EmulatedFrame> Frames { get; } = [];

    /// <summary>Absolute frame numbers marked deleted in CVAT's data meta.</summary>
    public SortedSet<int> DeletedFrames { get; } = [];

    public List<EmulatedJob> Jobs { get; } = [];
}

/// <summary>One frame: its file name, size and, optionally, exact bytes to serve (otherwise a PNG is generated).</summary>
public sealed record EmulatedFrame(string Name, int Width, int Height, byte[]? Image = null);
