using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Web.Triage;

/// <summary>One entry of a project's sweep history; unfinished sweeps have no counts.</summary>
internal sealed record HistoryEntry(
    long SweepId, string Trigger, SweepStatus Status, SweepStage Stage, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, int> FindingsByKind, int PointCount);

/// <summary>What the page needs to draw a sweep before its points arrive.</summary>
internal sealed record SweepSummaryView(
    long SweepId, string Project, string Platform, SweepStatus Status, SweepStage Stage, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    string Embedder, SweepCounts Counts, ProjectionView Projection, IReadOnlyList<string> Notes, IReadOnlyList<Core.Vocabulary.ReadProblem> Problems,
    IReadOnlyList<string> Labels, IReadOnlyList<FindingKind> Kinds, IReadOnlyList<string> Populations, EstimateView? Estimate);

/// <summary>How many labels look wrong and how many the sweep shows, with the sentence the CLI and report print; null for a
/// sweep without mislabel analysis (one class, too few rows) or a report written before it was kept.</summary>
internal sealed record EstimateView(int Population, int EstimatedWrong, int Shown, string Scorer, string Sentence)
{
    public static EstimateView? Of(LabelErrorEstimate? estimate) =>
        estimate is null ? null : new(estimate.Population, estimate.EstimatedWrong, estimate.Shown, estimate.Scorer, estimate.Sentence());
}

/// <summary>How the plot was drawn; the coordinates themselves come from the points endpoint.</summary>
internal sealed record ProjectionView(string Method, double? Trustworthiness, int PointCount);

internal sealed record FindingView(
    string Key, FindingKind Kind, double Score, string AnnotationKey, string ItemKey, string ItemName, string GivenLabel, string? SuggestedLabel,
    string Reason, IReadOnlyList<NeighbourEvidence> Neighbours, string? MarkerId, Uri? PlatformLink, DecisionView? Decision, string ThumbnailUrl);

internal sealed record DecisionView(DecisionVerdict Verdict, string Source, DateTimeOffset DecidedAt);

internal sealed record AnnotationView(
    string AnnotationKey, string ItemKey, string ItemName, string GivenLabel, string Population, Uri? PlatformLink, string ThumbnailUrl, FindingView? Finding,
    ReviewFlagView? ReviewFlag);

/// <summary>A needs-review marker a reviewer put on the annotation; dismissing <paramref name="FindingKey"/> withdraws it.</summary>
internal sealed record ReviewFlagView(string FindingKey, string MarkerId);

internal sealed record Page<T>(int Total, int Offset, IReadOnlyList<T> Items);

internal sealed record SelectionRequest(IReadOnlyList<string>? AnnotationKeys, int? Offset, int? Limit);

internal sealed record ConfusionView(IReadOnlyList<string> Labels, IReadOnlyList<ConfusionCell> Cells);

internal sealed record ConfusionCell(string Given, string Suggested, int Count, IReadOnlyList<string> FindingKeys);

/// <summary>Builds the views of one sweep with the current decisions and markers of its project; annotation views need
/// the sweep's snapshot, finding views do not.</summary>
internal sealed class TriageViewBuilder(TriageSweep sweep, IReadOnlyList<DecisionRecord> decisions, IReadOnlyList<MarkerRecord> markers, SweepSnapshot? snapshot = null)
{
    private readonly Dictionary<string, DecisionRecord> decisionByKey = decisions.DistinctBy(d => d.FindingKey).ToDictionary(d => d.FindingKey, StringComparer.Ordinal);

    private readonly Dictionary<string, MarkerRecord> markerByKey = markers.DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, StringComparer.Ordinal);

    public DecisionRecord? DecisionOf(string findingKey) => decisionByKey.GetValueOrDefault(findingKey);

    public FindingView Finding(ReportedFinding finding)
    {
        var decision = DecisionOf(finding.Key);
        return new FindingView(finding.Key, finding.Kind, finding.Score, finding.AnnotationKey, finding.ItemKey, finding.ItemName, finding.GivenLabel,
            finding.SuggestedLabel, finding.Reason, finding.Neighbours, finding.MarkerId ?? markerByKey.GetValueOrDefault(finding.Key)?.MarkerId,
            finding.PlatformLink ?? snapshot?.LinkOf(finding.ItemKey),
            decision is null ? null : new DecisionView(decision.Verdict, decision.Source, decision.DecidedAt),
            sweep.ThumbnailUrl(finding.AnnotationKey));
    }

    public AnnotationView Annotation(string annotationKey)
    {
        var index = snapshot ?? throw new InvalidOperationException("Annotation views need the sweep's snapshot.");
        index.Annotations.TryGetValue(annotationKey, out var annotation);
        var itemKey = annotation?.ItemKey ?? "";
        var item = index.Items.GetValueOrDefault(itemKey);
        var finding = sweep.FindingsByAnnotation.GetValueOrDefault(annotationKey);
        return new AnnotationView(annotationKey, itemKey, item?.DisplayName ?? itemKey, annotation?.Label ?? finding?.GivenLabel ?? "",
            sweep.PopulationOf(annotationKey), index.LinkOf(itemKey), sweep.ThumbnailUrl(annotationKey), finding is null ? null : Finding(finding),
            markerByKey.GetValueOrDefault(FindingKeys.For(FindingKind.ReviewerFlag, annotationKey)) is { Resolved: false } flag
                ? new ReviewFlagView(flag.FindingKey, flag.MarkerId)
                : null);
    }
}
