using LabelBridge.Core.Embedding;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>One fixed two-dimensional vector per annotation, no image needed: the sweep's stages around the embedder are
/// under test here, the embedders have their own tests.</summary>
internal sealed class ListedEmbedder : IAnnotationEmbedder
{
    public int Calls { get; private set; }

    /// <summary>What the set names as its model; a test changes it to stand for another embedder.</summary>
    public string ModelFingerprint { get; set; } = "listed";

    /// <summary>Run once, by the next call, before it embeds (then cleared): a test holds an embedding there.</summary>
    public Func<CancellationToken, Task>? DuringNext { get; set; }

    public async Task<EmbeddingSet> EmbedAsync(EmbeddingRequest request, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        Calls++;
        if (DuringNext is { } during)
        {
            DuringNext = null;
            await during(cancellationToken);
        }

        var keys = request.Annotations.Select(a => a.Key).ToList();
        var vectors = new float[keys.Count * 2];
        for (var i = 0; i < keys.Count; i++)
        {
            vectors[2 * i] = 1;
        }

        return new EmbeddingSet(ModelFingerprint, "listed test vectors", 2, keys, vectors, keys.Count, 0, []);
    }
}
