using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Host.Web.Triage;

/// <summary>A finished sweep as the triage page sees it: its report and snapshot, indexed once. Immutable, so it is cached.</summary>
internal sealed class TriageSweep
{
    public const string Objects = "objects";

    public const string ImageLabels = "image-labels";

    public TriageSweep(SweepRecord sweep, SweepReport report, ProjectSnapshot snapshot, Func<Item, Uri?>? platformLink)
    {
        Sweep = sweep;
        Report = report;
        Snapshot = snapshot;
        Annotations = snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, StringComparer.Ordinal);
        Items = snapshot.Items.DistinctBy(i => i.Key).ToDictionary(i => i.Key, StringComparer.Ordinal);
        Findings = report.Findings.DistinctBy(f => f.Key).ToDictionary(f => f.Key, StringComparer.Ordinal);
        FindingsByAnnotation = report.Findings.GroupBy(f => f.AnnotationKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.Score)!, StringComparer.Ordinal);
        PlatformLink = platformLink;
        Labels = report.Points.Select(p => p.Label).Concat(report.Findings.Select(f => f.GivenLabel))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Kinds = Enum.GetValues<FindingKind>()
            .Where(k => report.Findings.Any(f => f.Kind == k) || report.Points.Any(p => p.Kind == k))
            .ToArray();
        Populations = new[] { Objects, ImageLabels }
            .Where(population => report.Points.Any(p => PopulationOf(p.AnnotationKey) == population))
            .ToArray();
    }

    public SweepRecord Sweep { get; }

    public SweepReport Report { get; }

    public ProjectSnapshot Snapshot { get; }

    public string Project => Sweep.Project;

    public IReadOnlyDictionary<string, Annotation> Annotations { get; }

    public IReadOnlyDictionary<string, Item> Items { get; }

    public IReadOnlyDictionary<string, ReportedFinding> Findings { get; }

    /// <summary>The worst finding of each flagged annotation.</summary>
    public IReadOnlyDictionary<string, ReportedFinding> FindingsByAnnotation { get; }

    public Func<Item, Uri?>? PlatformLink { get; }

    /// <summary>Every given label, sorted: the dictionary the points' label column indexes.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The finding kinds present, in enum order: the dictionary the points' kind column indexes.</summary>
    public IReadOnlyList<FindingKind> Kinds { get; }

    /// <summary>The populations present (<see cref="Objects"/>, <see cref="ImageLabels"/>).</summary>
    public IReadOnlyList<string> Populations { get; }

    public string PopulationOf(string annotationKey) =>
        Annotations.TryGetValue(annotationKey, out var annotation) && annotation.IsImageLevel ? ImageLabels : Objects;

    public string ThumbnailUrl(string annotationKey) =>
        $"/api/projects/{Uri.EscapeDataString(Project)}/thumbnails?annotation={Uri.EscapeDataString(annotationKey)}";
}
