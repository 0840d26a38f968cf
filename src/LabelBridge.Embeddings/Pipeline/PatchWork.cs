using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>An annotation to embed, with its row index in the run and its cache key.</summary>
internal sealed record PatchWork(int Index, Annotation Annotation, string CacheKey);
