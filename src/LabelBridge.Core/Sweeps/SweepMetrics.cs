using System.Diagnostics.Metrics;

namespace LabelBridge.Core.Sweeps;

/// <summary>Sweep metrics, exported through OpenTelemetry by the host (meter <c>LabelBridge.Sweeps</c>).</summary>
public sealed class SweepMetrics : IDisposable
{
    public const string MeterName = "LabelBridge.Sweeps";

    private readonly Meter meter;

    public SweepMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(MeterName);
        StageDuration = meter.CreateHistogram<double>("labelbridge.sweep.stage.duration", "s", "Time per sweep stage");
        PatchesEmbedded = meter.CreateCounter<long>("labelbridge.patches.embedded", "{patch}", "Patches embedded (cache misses)");
        PatchesPerSecond = meter.CreateHistogram<double>("labelbridge.patches.rate", "{patch}/s", "Embedding rate per sweep");
        Findings = meter.CreateCounter<long>("labelbridge.findings", "{finding}", "Findings reported, by kind");
        WriteBackErrors = meter.CreateCounter<long>("labelbridge.writeback.errors", "{error}", "Write-back problems");
    }

    public Histogram<double> StageDuration { get; }

    public Counter<long> PatchesEmbedded { get; }

    public Histogram<double> PatchesPerSecond { get; }

    public Counter<long> Findings { get; }

    public Counter<long> WriteBackErrors { get; }

    public void Dispose() => meter.Dispose();
}
