namespace LabelBridge.Embeddings.Pipeline;

/// <summary>One annotation's rendered patches (one per embedder part, pooled arrays) on their way to inference.</summary>
internal sealed record PatchJob(PatchWork Work, byte[][] PartPixels, byte[]? Thumbnail);
