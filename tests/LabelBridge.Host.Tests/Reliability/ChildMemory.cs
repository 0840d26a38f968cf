using System.Globalization;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>The resident high-water mark (VmHWM) of a child process: its own peak, not the test process's.</summary>
internal static class ChildMemory
{
    /// <summary>The most resident memory the process has had so far, or 0 once it is gone.</summary>
    public static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
