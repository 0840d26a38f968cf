namespace LabelBridge.Core.Embedding;

/// <summary>Turns annotations into embeddings: fetch, crop, batch, infer, cache.</summary>
/// <remarks>Cache hits are never recomputed; one bad image is a problem in the result, never an exception.</remarks>
public interface IAnnotationEmbedder
{
    Task<EmbeddingSet> EmbedAsync(
        EmbeddingRequest request,
        IProgress<EmbeddingProgress>? progress,
        CancellationToken cancellationToken);
}
