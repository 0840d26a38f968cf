using LabelBridge.Core.Findings;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Web.Triage;

/// <summary>A finished sweep as the triage page sees it: its report indexed once, and its snapshot (items and annotations,
/// the larger of the two) arriving in the background. Immutable, so it is cached.</summary>
/// <remarks>The plot, findings and confusion need only the report, so the page draws before the snapshot is read;
/// selections and decisions wait for <see cref="SnapshotAsync"/>.</remarks>
internal sealed class TriageSweep
{
    private readonly Task<SweepSnapshot> snapshot;

    private readonly IReadOnlyDictionary<string, string> populations;

    private readonly Func<TriageSweep, PointColumns> buildPointColumns;

    private Lazy<Task<PointColumns>> pointColumns;

    // buildPointColumns builds the /points columns (PointColumns.Of unless a test counts or fails the builds).
    public TriageSweep(
        SweepRecord sweep, SweepReport report, Task<SweepSnapshot> snapshot, IReadOnlyDictionary<string, string> populations,
        Func<TriageSweep, PointColumns>? buildPointColumns = null)
    {
        Sweep = sweep;
        Report = report;
        this.snapshot = snapshot;
        this.populations = populations;
        Findings = report.Findings.DistinctBy(f => f.Key).ToDictionary(f => f.Key, StringComparer.Ordinal);
        FindingsByAnnotation = report.Findings.GroupBy(f => f.AnnotationKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.Score)!, StringComparer.Ordinal);
        Labels = report.Points.Select(p => p.Label).Concat(report.Findings.Select(f => f.GivenLabel))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var kinds = report.Findings.Select(f => f.Kind).Concat(report.Points.Where(p => p.Kind is not null).Select(p => p.Kind!.Value)).ToHashSet();
        Kinds = Enum.GetValues<FindingKind>().Where(kinds.Contains).ToArray();
        var present = populations.Values.ToHashSet(StringComparer.Ordinal);
        Populations = new[] { PlotPoint.Objects, PlotPoint.ImageLabels }.Where(present.Contains).ToArray();
        this.buildPointColumns = buildPointColumns ?? PointColumns.Of;
        pointColumns = NewPointColumns();
    }

    /// <summary>The plot's points as columns, built on the first /points request and kept with the sweep, so they leave
    /// the cache with it: building them takes about 0.5 s at a million points, and the sweep never changes.</summary>
    /// <remarks>Built on the thread pool, once for requests that arrive together (they share the task; none holds a lock
    /// while it builds). A build that failed is dropped, so the next request builds again instead of failing for as long
    /// as the sweep stays cached.</remarks>
    public async Task<PointColumns> PointColumnsAsync(CancellationToken cancellationToken)
    {
        var columns = Volatile.Read(ref pointColumns);
        try
        {
            return await columns.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (columns.Value.IsFaulted)
        {
            Interlocked.CompareExchange(ref pointColumns, NewPointColumns(), columns);
            throw;
        }
    }

    public SweepRecord Sweep { get; }

    public SweepReport Report { get; }

    public string Project => Sweep.Project;

    public IReadOnlyDictionary<string, ReportedFinding> Findings { get; }

    /// <summary>The worst finding of each flagged annotation.</summary>
    public IReadOnlyDictionary<string, ReportedFinding> FindingsByAnnotation { get; }

    /// <summary>Every given label, sorted: the dictionary the points' label column indexes.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The finding kinds present, in enum order: the dictionary the points' kind column indexes.</summary>
    public IReadOnlyList<FindingKind> Kinds { get; }

    /// <summary>The populations present (<see cref="PlotPoint.Objects"/>, <see cref="PlotPoint.ImageLabels"/>).</summary>
    public IReadOnlyList<string> Populations { get; }

    public string PopulationOf(string annotationKey) => populations.GetValueOrDefault(annotationKey, PlotPoint.Objects);

    public Task<SweepSnapshot> SnapshotAsync(CancellationToken cancellationToken) => snapshot.WaitAsync(cancellationToken);

    public string ThumbnailUrl(string annotationKey) =>
        $"/api/projects/{Uri.EscapeDataString(Project)}/thumbnails?annotation={Uri.EscapeDataString(annotationKey)}";

    /// <summary>The population of each plotted annotation, from the report, or from the snapshot for reports written before
    /// points carried it (null then).</summary>
    public static IReadOnlyDictionary<string, string>? PopulationsOf(SweepReport report)
    {
        var populations = new Dictionary<string, string>(report.Points.Count, StringComparer.Ordinal);
        foreach (var point in report.Points)
        {
            if (point.Population is null)
            {
                return null;
            }

            populations.TryAdd(point.AnnotationKey, point.Population);
        }

        return populations;
    }

    private Lazy<Task<PointColumns>> NewPointColumns() => new(() => Task.Run(() => buildPointColumns(this)));

    public static IReadOnlyDictionary<string, string> PopulationsOf(SweepReport report, SweepSnapshot snapshot) =>
        report.Points.DistinctBy(p => p.AnnotationKey).ToDictionary(
            p => p.AnnotationKey,
            p => snapshot.Annotations.TryGetValue(p.AnnotationKey, out var a) && a.IsImageLevel ? PlotPoint.ImageLabels : PlotPoint.Objects,
            StringComparer.Ordinal);
}
