using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Bench.Embeddings.Domains;

internal sealed class MemoryImageSource : IImageSource
{
    private readonly Dictionary<string, byte[]> images = new(StringComparer.Ordinal);

    public void Add(string key, byte[] bytes) => images[key] = bytes;

    public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) =>
        Task.FromResult(images.TryGetValue(item.Key, out var bytes) ? ImageFetchResult.Success(bytes) : ImageFetchResult.Failure(item.Key, "missing"));
}
