using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Embedding;

/// <summary>L2-normalised embeddings of a project's annotations, row-major N×D.</summary>
/// <param name="ModelFingerprint">Identifies embedder, weights and crop settings; part of every cache key.</param>
/// <param name="EmbedderDescription">Which embedder was used and why (the <c>auto</c> choice with its figures).</param>
/// <param name="Dimension">D, the length of each row.</param>
/// <param name="AnnotationKeys">Row i of <paramref name="Vectors"/> belongs to AnnotationKeys[i]; failed annotations have no row.</param>
/// <param name="Vectors">N×D floats, contiguous.</param>
/// <param name="Embedded">Patches computed in this run.</param>
/// <param name="CacheHits">Patches taken from the cache.</param>
/// <param name="Problems">Items or annotations that could not be embedded, with the reason.</param>
public sealed record EmbeddingSet(
    string ModelFingerprint,
    string EmbedderDescription,
    int Dimension,
    IReadOnlyList<string> AnnotationKeys,
    float[] Vectors,
    int Embedded,
    int CacheHits,
    IReadOnlyList<ReadProblem> Problems)
{
    public ReadOnlySpan<float> Row(int index) => Vectors.AsSpan(index * Dimension, Dimension);
}
