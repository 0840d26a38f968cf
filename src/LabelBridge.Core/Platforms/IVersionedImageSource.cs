using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>An image source whose items can change under the same identity (a Label Studio task's URL whose object is
/// overwritten), so a cached embedding is only right while the image server still has the version it was made from.</summary>
/// <remarks>The embedding pipeline remembers the <see cref="ImageVersion"/> of every image it fetched, puts it in the
/// cache key, and revalidates cache hits with one conditional request (<see cref="FetchImageIfChangedAsync"/>): 304
/// keeps the cached vectors, new bytes are embedded again. Sources whose item identity already carries the platform's
/// content version (CVAT's chunks_updated_date) do not implement it.</remarks>
public interface IVersionedImageSource : IImageSource
{
    /// <summary>The image of <paramref name="item"/> unless the server still has <paramref name="known"/>
    /// (If-None-Match / If-Modified-Since): then a result with <see cref="ImageFetchResult.NotModified"/> and no bytes.</summary>
    Task<ImageFetchResult> FetchImageIfChangedAsync(Item item, ImageVersion known, CancellationToken cancellationToken);

    /// <summary>The host the image of <paramref name="item"/> is served from, to name hosts that send no validators.</summary>
    string ImageHostOf(Item item);
}
