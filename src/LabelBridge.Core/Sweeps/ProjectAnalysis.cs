using LabelBridge.Core.Findings;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Core.Sweeps;

/// <summary>What the analysis of one project found.</summary>
/// <param name="Findings">Every finding above its threshold, worst first.</param>
/// <param name="Notes">Plain sentences for the report about what could not be judged and why.</param>
/// <param name="Confusion">Given → suggested label counts among mislabel findings, largest first.</param>
/// <param name="Projection">2D coordinates of every analysed annotation for the plot.</param>
/// <param name="Estimate">About how many labels look wrong, and how many mislabel findings were kept; null when the
/// mislabel check could not run.</param>
/// <param name="Candidates">Per population (objects, then image-level labels), what any mislabel or outlier threshold
/// would report, so the threshold preview composes findings as this analysis did; null in sweeps from before it existed.</param>
/// <param name="Provenance">What the analysis was computed from, so the next sweep can reuse it when nothing changed; null
/// in sweeps from before it was recorded.</param>
public sealed record ProjectAnalysis(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ConfusionPair> Confusion,
    PlotProjection Projection,
    LabelErrorEstimate? Estimate = null,
    IReadOnlyList<ThresholdCandidates>? Candidates = null,
    AnalysisProvenance? Provenance = null);

/// <summary>How many annotations labelled <paramref name="Given"/> look like <paramref name="Suggested"/>.</summary>
public sealed record ConfusionPair(string Given, string Suggested, int Count);

/// <summary>2D plot coordinates, x and y interleaved, row i for AnnotationKeys[i].</summary>
/// <param name="Method">e.g. <c>umap</c> or <c>pca</c>.</param>
/// <param name="AnnotationKeys">The plotted annotations.</param>
/// <param name="Coordinates">x0, y0, x1, y1, ...</param>
/// <param name="Trustworthiness">How well the picture keeps neighbourhoods (1 = perfectly), measured on a sample; null when too few points.</param>
public sealed record PlotProjection(string Method, IReadOnlyList<string> AnnotationKeys, float[] Coordinates, double? Trustworthiness)
{
    public static PlotProjection Empty { get; } = new("none", [], [], null);
}
