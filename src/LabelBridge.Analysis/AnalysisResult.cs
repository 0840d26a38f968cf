using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Analysis;

/// <summary>What one analysis found, and why some of it could not be done.</summary>
/// <param name="Findings">Findings above their thresholds, worst first, at most the requested cap.</param>
/// <param name="SuppressedByCap">Findings that passed their thresholds but fell beyond the cap.</param>
/// <param name="Notes">Plain sentences for the report: skipped rows, too little data, classes too small to judge.</param>
/// <param name="Confusion">Given → suggested label counts among all mislabel findings (before the cap).</param>
/// <param name="Neighbours">The kNN graph over the analysed rows (rows of <paramref name="AnalysedKeys"/>); reuse it for the projection.</param>
/// <param name="AnalysedKeys">The annotation keys that took part in the neighbour analysis, in graph row order.</param>
/// <param name="Estimate">How many labels look wrong and how many mislabel findings were kept; null when the
/// mislabel check could not run (too few rows, one label).</param>
/// <param name="Candidates">What any mislabel or outlier threshold would report, for the threshold preview.</param>
public sealed record AnalysisResult(
    IReadOnlyList<Finding> Findings,
    int SuppressedByCap,
    IReadOnlyList<string> Notes,
    ConfusionMatrix Confusion,
    KnnGraph? Neighbours,
    IReadOnlyList<string> AnalysedKeys,
    LabelErrorEstimate? Estimate = null,
    ThresholdCandidates? Candidates = null)
{
    /// <summary>The rows the neighbour analysis ran on (reduced to principal components above the exact-search limit),
    /// so the plot is drawn from the same vectors as the graph it reuses.</summary>
    internal PreparedRows? Rows { get; init; }
}

/// <summary>How often annotations labelled one class look like another, counted over mislabel findings.</summary>
/// <remarks>Rows are given labels, columns suggested labels, both in <see cref="Labels"/> order; the dominant pairs
/// tell a team which class definitions their annotators mix up.</remarks>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, int[] Counts)
{
    public static ConfusionMatrix Empty { get; } = new([], []);

    public int this[int given, int suggested] => Counts[(given * Labels.Count) + suggested];

    /// <summary>The non-zero (given, suggested, count) pairs, largest count first.</summary>
    public IReadOnlyList<(string Given, string Suggested, int Count)> DominantPairs()
    {
        var pairs = new List<(string Given, string Suggested, int Count)>();
        for (var g = 0; g < Labels.Count; g++)
        {
            for (var s = 0; s < Labels.Count; s++)
            {
                if (this[g, s] > 0)
                {
                    pairs.Add((Labels[g], Labels[s], this[g, s]));
                }
            }
        }

        pairs.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Given + a.Suggested, b.Given + b.Suggested));
        return pairs;
    }
}
