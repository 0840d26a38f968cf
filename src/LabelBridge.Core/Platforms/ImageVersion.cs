namespace LabelBridge.Core.Platforms;

/// <summary>What an image server said identifies the bytes it sent: the HTTP validators ETag and Last-Modified, as sent
/// (an ETag with its quotes and any <c>W/</c>, a Last-Modified as an HTTP date).</summary>
/// <remarks>A Label Studio task keeps its URL when the object behind it is overwritten, and Label Studio itself exposes
/// no content version for it, so these validators are the only way to notice the change. A server that sends neither
/// (<see cref="IsEmpty"/>) gives no way to notice it.</remarks>
public sealed record ImageVersion(string? ETag, string? LastModified)
{
    public static ImageVersion None { get; } = new(null, null);

    public bool IsEmpty => string.IsNullOrEmpty(ETag) && string.IsNullOrEmpty(LastModified);

    /// <summary>The part of an embedding cache key that names these bytes: the ETag when there is one (it changes with
    /// the content), otherwise Last-Modified, otherwise empty.</summary>
    public string Tag => !string.IsNullOrEmpty(ETag) ? $"etag:{ETag}" : !string.IsNullOrEmpty(LastModified) ? $"modified:{LastModified}" : "";
}
