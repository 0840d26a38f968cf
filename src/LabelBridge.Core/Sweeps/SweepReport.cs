using LabelBridge.Core.Findings;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Everything one sweep did and found, as written to <c>report.json</c> and shown on the report page.</summary>
/// <remarks><see cref="QualityTrend"/> holds findings per 100 annotations of the project's last few finished sweeps,
/// this one last; it is null in reports written before it was recorded.</remarks>
public sealed record SweepReport(
    long SweepId,
    string Project,
    PlatformKind Platform,
    string RemoteProjectId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Embedder,
    SweepCounts Counts,
    IReadOnlyList<ReportedFinding> Findings,
    IReadOnlyList<ConfusionPair> Confusion,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<ReadProblem> Problems,
    IReadOnlyList<string> Notes,
    PlotProjection Projection,
    IReadOnlyList<PlotPoint> Points,
    LabelErrorEstimate? Estimate = null,
    QualityTable? Quality = null,
    QualityTrend? QualityTrend = null);

/// <summary>The numbers a team looks at first.</summary>
public sealed record SweepCounts(
    int AnnotationsRead,
    int AnnotationsSkipped,
    int PatchesEmbedded,
    int CacheHits,
    IReadOnlyDictionary<string, int> FindingsByKind,
    int SuppressedAsDismissed,
    int BeyondCap,
    int MarkersWritten,
    int MarkersAlreadyPresent,
    int RelabelUnits,
    int WriteBackErrors);

/// <summary>A finding with what a reviewer needs to act on it.</summary>
public sealed record ReportedFinding(
    string Key,
    FindingKind Kind,
    double Score,
    string AnnotationKey,
    string ItemKey,
    string ItemName,
    string GivenLabel,
    string? SuggestedLabel,
    string Reason,
    IReadOnlyList<NeighbourEvidence> Neighbours,
    string? MarkerId,
    Uri? PlatformLink);

/// <summary>How long a stage took, and whether it ran in this process or was restored from a checkpoint.</summary>
public sealed record StageTiming(string Stage, double Seconds, bool Resumed);

/// <summary>One dot of the embedding plot. Its population (<see cref="Objects"/> or <see cref="ImageLabels"/>) is projected
/// separately from the other, so the triage page lays the two apart; it is null in reports written before it was recorded.</summary>
public sealed record PlotPoint(string AnnotationKey, float X, float Y, string Label, string? FindingKey, FindingKind? Kind, double Score, string? Population = null)
{
    public const string Objects = "objects";

    public const string ImageLabels = "image-labels";
}
