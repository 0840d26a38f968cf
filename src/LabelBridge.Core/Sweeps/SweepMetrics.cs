using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LabelBridge.Core.Quality;

namespace LabelBridge.Core.Sweeps;

/// <summary>Sweep metrics, exported through OpenTelemetry by the host (meter <c>LabelBridge.Sweeps</c>).</summary>
public sealed class SweepMetrics : IDisposable
{
    public const string MeterName = "LabelBridge.Sweeps";

    private readonly Meter meter;
    private readonly ConcurrentDictionary<string, QualityTable> quality = new(StringComparer.Ordinal);

    public SweepMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(MeterName);
        StageDuration = meter.CreateHistogram<double>("labelbridge.sweep.stage.duration", "s", "Time per sweep stage");
        PatchesEmbedded = meter.CreateCounter<long>("labelbridge.patches.embedded", "{patch}", "Patches embedded (cache misses)");
        PatchesPerSecond = meter.CreateHistogram<double>("labelbridge.patches.rate", "{patch}/s", "Embedding rate per sweep");
        Findings = meter.CreateCounter<long>("labelbridge.findings", "{finding}", "Findings reported, by kind");
        WriteBackErrors = meter.CreateCounter<long>("labelbridge.writeback.errors", "{error}", "Write-back problems");
        meter.CreateObservableGauge("labelbridge.annotator.findings_per_100", () => Rows(t => t.Annotators, "annotator"), "{finding}",
            "Findings per 100 annotations of each annotator in the project's latest sweep");
        meter.CreateObservableGauge("labelbridge.job.findings_per_100", () => Rows(t => t.Jobs, "job"), "{finding}",
            "Findings per 100 annotations of each job in the project's latest sweep");
    }

    /// <summary>Keeps the project's latest annotator and job table for the findings-per-100 gauges.</summary>
    public void RecordQuality(string project, QualityTable table) => quality[project] = table;

    private IEnumerable<Measurement<double>> Rows(Func<QualityTable, IReadOnlyList<QualityRow>> rows, string tag)
    {
        foreach (var (project, table) in quality)
        {
            foreach (var row in rows(table))
            {
                yield return new Measurement<double>(row.FindingsPer100,
                    new KeyValuePair<string, object?>("project", project), new KeyValuePair<string, object?>(tag, row.Name));
            }
        }
    }

    public Histogram<double> StageDuration { get; }

    public Counter<long> PatchesEmbedded { get; }

    public Histogram<double> PatchesPerSecond { get; }

    public Counter<long> Findings { get; }

    public Counter<long> WriteBackErrors { get; }

    public void Dispose() => meter.Dispose();
}
