namespace LabelBridge.Core.Vocabulary;

/// <summary>One image of a project: a CVAT frame or a Label Studio task's image.</summary>
/// <param name="Key">Stable identity within the platform, e.g. <c>cvat:task/12/frame/5</c> or <c>ls:task/42</c>.</param>
/// <param name="ContentId">Names the server it is on (<see cref="Platforms.ServerIdentity"/>) and changes whenever the image
/// content may have changed (file name, size, URL, the platform's own content version); part of the embedding cache key,
/// so two servers with the same task ids and file names never share vectors.</param>
/// <param name="Width">Original image width in pixels, as the platform reports it (0 when unknown until decoded).</param>
/// <param name="Height">Original image height in pixels (0 when unknown until decoded).</param>
/// <param name="Location">Platform coordinates of the item.</param>
/// <param name="ImageRef">What the connector needs to fetch the image (a URL or a path); opaque to other parts.</param>
/// <param name="DisplayName">A name a person recognises (file name), for reports.</param>
public sealed record Item(
    string Key,
    string ContentId,
    int Width,
    int Height,
    ItemLocation Location,
    string ImageRef,
    string DisplayName);
