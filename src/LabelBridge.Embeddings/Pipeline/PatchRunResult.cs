using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The vectors of a run in one buffer: row i (annotation i of the run, valid only where <see cref="HasRow"/>)
/// is <see cref="Width"/> floats, each part's vector at its offset in the run's part order, as the part returned it.</summary>
/// <remarks>One buffer rather than one per part: a combination's rows can then be scaled and compacted where they are
/// instead of composed into a second array (at 100k rows of pixel + the default model, 429 MB held twice).</remarks>
internal sealed record PatchRunResult(
    float[] Rows,
    int Width,
    bool[] HasRow,
    int Embedded,
    int CacheHits,
    IReadOnlyList<ReadProblem> Problems);
