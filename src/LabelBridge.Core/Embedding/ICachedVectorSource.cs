using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Embedding;

/// <summary>Reads the vectors a finished sweep analysed back out of the embedding cache, without fetching an image or
/// running a model.</summary>
/// <remarks>A sweep keeps only its embedder's fingerprint (the embeddings checkpoint); the vectors live in the cache,
/// keyed by the same item content and box the sweep used. Reviewer tools (similar-patch search) need those exact rows
/// long after the sweep, so they are rebuilt from the cache rather than stored twice.</remarks>
public interface ICachedVectorSource
{
    /// <summary>The rows of <paramref name="snapshot"/>'s annotations whose vectors for <paramref name="modelFingerprint"/>
    /// are all cached, composed exactly as the sweep composed them; or the reason they cannot be read.</summary>
    Task<CachedVectors> ReadAsync(string projectName, string modelFingerprint, ProjectSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>A sweep's vectors read back from the cache.</summary>
/// <param name="Embeddings">The rows found, or null when the fingerprint matches no embedder this worker can build.</param>
/// <param name="Missing">Annotations of the snapshot with no cached vector (evicted, or never embedded).</param>
/// <param name="Problem">Why there are no rows at all, worded for a reviewer; null when there are.</param>
public sealed record CachedVectors(EmbeddingSet? Embeddings, int Missing, string? Problem);
