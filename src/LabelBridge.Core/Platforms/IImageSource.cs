using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>Fetches the encoded image of one item. An unreadable image is a result, not an exception.</summary>
public interface IImageSource
{
    Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken);
}
