using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LabelBridge.Bench.Sweeps;

/// <summary>One `labelbridge sweep` in a child process: wall time, peak resident memory, and the report's stage times.</summary>
internal sealed record SweepRun(string Store, string Pass, string Embedder, int Annotations, int Embedded, int Findings, int Markers,
    double WallSeconds, long PeakBytes, IReadOnlyList<(string Stage, double Seconds)> Stages)
{
    public string Describe()
    {
        var stages = string.Join(", ", Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Seconds:0.0} s")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Store} {Pass}: {WallSeconds:0.0} s wall, peak {PeakBytes / 1048576.0:0} MiB, {Embedded} embedded, {Findings} findings, {Markers} markers; {stages}; embedder {Embedder}");
    }
}

internal static class WorkerRun
{
    public static async Task<SweepRun> SweepAsync(string worker, string config, string reportDirectory, string token, StoreSetup setup, string store, string pass)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { worker, "sweep", "--config", config, "--project", "bench", "--report", reportDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[WorkerConfig.TokenVariable] = token;
        start.Environment["LABELBRIDGE_LOG_LEVEL"] = "Information";
        if (setup.PostgresConnection is { } postgres)
        {
            start.Environment[StoreSetup.PostgresVariable] = postgres;
        }

        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
            await Task.Delay(100);
        }

        await process.WaitForExitAsync();
        var seconds = wall.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the sweep exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }

        // The analysis logs how long each of its parts took; shown so a slow Analysis stage says where its time went.
        foreach (var line in (await output).Split('\n').Where(l => l.Contains("Analysis of ", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  {line.Trim()}");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reportDirectory, "report.json")));
        Console.WriteLine($"  {PlantedRecovery(report.RootElement)}");
        return FromReport(report.RootElement, store, pass, seconds, peak);
    }

    public static SweepRun FromReport(JsonElement root, string store, string pass, double seconds, long peak)
    {
        var counts = Property(root, "counts");
        var stages = Property(root, "stages").EnumerateArray()
            .Select(s => (Property(s, "stage").GetString()!, Property(s, "seconds").GetDouble()))
            .ToList();
        return new SweepRun(store, pass, Property(root, "embedder").GetString()!, Property(counts, "annotationsRead").GetInt32(),
            Property(counts, "patchesEmbedded").GetInt32(), Property(root, "findings").GetArrayLength(), Property(counts, "markersWritten").GetInt32(),
            seconds, peak, stages);
    }

    /// <summary>How many of the report's findings sit on a planted mislabel: the flag precision the analysis must keep.</summary>
    public static string PlantedRecovery(JsonElement root)
    {
        var byKind = new SortedDictionary<string, (int Findings, int OnPlanted)>(StringComparer.Ordinal);
        foreach (var finding in Property(root, "findings").EnumerateArray())
        {
            var kind = Property(finding, "kind").ToString();
            var key = Property(finding, "annotationKey").GetString() ?? "";
            var planted = key.StartsWith("cvat:shape/", StringComparison.Ordinal)
                && long.TryParse(key["cvat:shape/".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                && SyntheticProject.Planted.Contains(id);
            var (findings, onPlanted) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (findings + 1, onPlanted + (planted ? 1 : 0));
        }

        var total = byKind.Values.Sum(v => v.Findings);
        var hits = byKind.Values.Sum(v => v.OnPlanted);
        return string.Create(CultureInfo.InvariantCulture,
            $"findings on a planted mislabel: {hits}/{total} (precision {(total == 0 ? 0 : (double)hits / total):0.000}; {SyntheticProject.Planted.Count} planted); by kind: {string.Join(", ", byKind.Select(k => $"{k.Key} {k.Value.OnPlanted}/{k.Value.Findings}"))}");
    }

    /// <summary>VmHWM of a live process: the most resident memory it has had so far.</summary>
    public static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
