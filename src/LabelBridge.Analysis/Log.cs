using Microsoft.Extensions.Logging;

namespace LabelBridge.Analysis;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis of {Rows} {Population}: {Part} took {Seconds:0.00} s (CPU {CpuSeconds:0.00} s); heap {HeapMiB:0} MiB, resident {ResidentMiB:0} MiB, peak {PeakMiB:0} MiB")]
    public static partial void AnalysisPart(ILogger logger, int rows, string population, string part, double seconds, double cpuSeconds, double heapMiB, double residentMiB, double peakMiB);
}
