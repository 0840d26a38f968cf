using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>Per-part vectors of a run, row i belonging to annotation i of the run (valid only where <see cref="HasRow"/>).</summary>
internal sealed record PatchRunResult(
    float[][] PartRows,
    bool[] HasRow,
    int Embedded,
    int CacheHits,
    IReadOnlyList<ReadProblem> Problems);
