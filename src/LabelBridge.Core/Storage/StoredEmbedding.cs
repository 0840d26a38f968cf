namespace LabelBridge.Core.Storage;

/// <summary>A cached embedding row.</summary>
/// <param name="CacheKey">Built by the embedder from platform, item content id, box and crop settings.</param>
/// <param name="Vector">The L2-normalised vector.</param>
public sealed record StoredEmbedding(string CacheKey, float[] Vector);
