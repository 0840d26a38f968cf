namespace LabelBridge.Analysis;

/// <summary>How long each part of one analysis took (neighbours, classifier, trial, plot...), lap by lap.</summary>
/// <remarks>Diagnostics only: the analysis output never depends on it. The sweep logs the laps so a slow analysis says
/// which part was slow without a profiler.</remarks>
internal sealed class AnalysisLaps(TimeProvider time)
{
    private long _started = time.GetTimestamp();
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;

    /// <summary>Each part with its wall time and the process' CPU time over it (on a loaded machine the CPU time is the
    /// figure that compares).</summary>
    public List<(string Part, double Seconds, double CpuSeconds)> Parts { get; } = [];

    /// <summary>Ends the current lap under <paramref name="part"/> and starts the next.</summary>
    public void Lap(string part)
    {
        var now = time.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        Parts.Add((part, time.GetElapsedTime(_started, now).TotalSeconds, (cpu - _cpu).TotalSeconds));
        _started = now;
        _cpu = cpu;
    }
}
