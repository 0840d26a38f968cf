namespace LabelBridge.Core.Sweeps;

/// <summary>What one embedding shard did, as its worker records it; the sweep's report adds these up.</summary>
/// <param name="ModelFingerprint">The embedder the shard used.</param>
/// <param name="Annotations">Annotations in the shard.</param>
/// <param name="Embedded">Patches computed by the shard (the rest were cache hits or could not be embedded).</param>
/// <param name="CacheHits">Patches the shard found in the cache.</param>
public sealed record EmbeddingShardResult(string ModelFingerprint, int Annotations, int Embedded, int CacheHits);
