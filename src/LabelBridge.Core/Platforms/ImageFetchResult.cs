using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>An item's encoded image bytes, or the reason they could not be had.</summary>
public sealed record ImageFetchResult(byte[]? Bytes, ReadProblem? Problem)
{
    /// <summary>The validators the server sent with the bytes (or with its 304); null when the source does not tell.</summary>
    public ImageVersion? Version { get; init; }

    /// <summary>The server answered a conditional request 304: the image is still the version asked about, no bytes.</summary>
    public bool NotModified { get; init; }

    public static ImageFetchResult Success(byte[] bytes, ImageVersion? version = null) => new(bytes, null) { Version = version };

    public static ImageFetchResult Unchanged(ImageVersion version) => new(null, null) { Version = version, NotModified = true };

    public static ImageFetchResult Failure(string subject, string reason) => new(null, new ReadProblem(subject, reason));
}
