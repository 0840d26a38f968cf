using System.Collections.Concurrent;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Embeddings.Tests.Fixtures;

/// <summary>Serves encoded images by item key, and counts fetches.</summary>
internal sealed class DictionaryImageSource : IImageSource
{
    private readonly ConcurrentDictionary<string, byte[]> images = new(StringComparer.Ordinal);
    private int fetches;

    public int Fetches => fetches;

    public void Add(string itemKey, byte[] bytes) => images[itemKey] = bytes;

    public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref fetches);
        return Task.FromResult(images.TryGetValue(item.Key, out var bytes)
            ? ImageFetchResult.Success(bytes)
            : ImageFetchResult.Failure(item.Key, "the platform answered 404 for this frame"));
    }
}
