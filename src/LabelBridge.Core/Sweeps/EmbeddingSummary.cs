using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>The checkpoint of the embeddings stage; the vectors themselves live in the embedding cache.</summary>
public sealed record EmbeddingSummary(
    string ModelFingerprint,
    string EmbedderDescription,
    int Dimension,
    int Count,
    int Embedded,
    int CacheHits,
    IReadOnlyList<ReadProblem> Problems);
