using System.Globalization;
using LabelBridge.Bench.WriteBack;

// Write-back at scale: N findings written as CVAT issues and as Label Studio predictions by the real connectors
// (built the way the host builds them) against the emulators on loopback, each pass on a fresh project so every
// marker is new. Prints one line per pass: wall time and this process's CPU time (connector and emulator together).
// Usage: dotnet run -c Release --project bench/LabelBridge.Bench.WriteBack -- [--markers 500] [--repeats 3]
//        [--latency-ms 0] [--max-concurrent 4] [--label text]
var options = WriteBackBenchOptions.Parse(args);
Console.WriteLine($"# write-back bench: {options.Markers} markers, {options.Repeats} repeats, server latency {options.LatencyMs} ms, MaxConcurrentRequests {options.MaxConcurrent}, label '{options.Label}'");
for (var repeat = 1; repeat <= options.Repeats; repeat++)
{
    Console.WriteLine((await CvatWriteBack.RunAsync(options, repeat)).Describe(options));
    Console.WriteLine((await LabelStudioWriteBack.RunAsync(options, repeat)).Describe(options));
}

internal sealed record WriteBackBenchOptions(int Markers, int Repeats, int LatencyMs, int MaxConcurrent, string Label)
{
    public static WriteBackBenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new WriteBackBenchOptions(
            int.Parse(Value("--markers", "500"), CultureInfo.InvariantCulture),
            int.Parse(Value("--repeats", "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--latency-ms", "0"), CultureInfo.InvariantCulture),
            int.Parse(Value("--max-concurrent", "4"), CultureInfo.InvariantCulture),
            Value("--label", "current"));
    }
}

/// <summary>One timed write-back pass.</summary>
internal sealed record PassResult(string Platform, int Repeat, int Written, int AlreadyPresent, int Problems, double WallSeconds, double CpuSeconds, int ServerMaxInFlight)
{
    public string Describe(WriteBackBenchOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{options.Label}\t{Platform}\trepeat {Repeat}\twritten {Written}\talready {AlreadyPresent}\tproblems {Problems}\twall {WallSeconds:0.000} s\tcpu {CpuSeconds:0.000} s\tserver max in flight {ServerMaxInFlight}");
}
