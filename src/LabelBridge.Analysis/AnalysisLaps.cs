using System.Diagnostics;

namespace LabelBridge.Analysis;

/// <summary>How long each part of one analysis took (neighbours, classifier, trial, plot...), lap by lap, and the
/// process' memory at its end.</summary>
/// <remarks>Diagnostics only: the analysis output never depends on it. The sweep logs the laps so a slow or large analysis
/// says which part was slow or large without a profiler.</remarks>
internal sealed class AnalysisLaps(TimeProvider time)
{
    private long _started = time.GetTimestamp();
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;

    /// <summary>Each part with its wall time, the process' CPU time over it (on a loaded machine the CPU time is the figure
    /// that compares), and at its end the managed heap after the last collection and the process' resident memory and
    /// peak (MiB).</summary>
    public List<LapPart> Parts { get; } = [];

    /// <summary>Ends the current lap under <paramref name="part"/> and starts the next.</summary>
    public void Lap(string part)
    {
        var now = time.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        using var process = Process.GetCurrentProcess();
        const double MiB = 1024 * 1024;
        Parts.Add(new LapPart(
            part, time.GetElapsedTime(_started, now).TotalSeconds, (cpu - _cpu).TotalSeconds,
            GC.GetGCMemoryInfo().HeapSizeBytes / MiB, process.WorkingSet64 / MiB, process.PeakWorkingSet64 / MiB));
        _started = now;
        _cpu = cpu;
    }
}

/// <summary>One part of an analysis: wall and CPU seconds, and the heap, resident and peak resident MiB at its end.</summary>
internal readonly record struct LapPart(string Part, double Seconds, double CpuSeconds, double HeapMiB, double ResidentMiB, double PeakMiB);
