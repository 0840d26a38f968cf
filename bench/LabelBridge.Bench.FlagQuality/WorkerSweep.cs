using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Bench.FlagQuality;

/// <summary>One `labelbridge sweep --config … --report …` with write-back in a child process: its wall and CPU time,
/// the embedder it used, and the finding key → annotation map of its report.</summary>
internal sealed class WorkerSweep
{
    private const string TokenVariable = "BENCH_CVAT_TOKEN";
    private readonly Dictionary<string, string> annotationOf;

    private WorkerSweep(string embedder, double wallSeconds, double cpuSeconds, Dictionary<string, string> annotationOf)
    {
        EmbedderUsed = embedder;
        WallSeconds = wallSeconds;
        CpuSeconds = cpuSeconds;
        this.annotationOf = annotationOf;
    }

    public string EmbedderUsed { get; }

    public double WallSeconds { get; }

    public double CpuSeconds { get; }

    public static async Task<WorkerSweep> RunAsync(FlagBenchOptions options, string work, CvatEmulator cvat, long projectId, string name, string embedder)
    {
        var config = WriteConfig(options, work, cvat.BaseUrl, projectId, name, embedder);
        var reportDirectory = Path.Combine(work, name + "-report");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { options.Worker, "sweep", "--config", config, "--project", "bench", "--report", reportDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[TokenVariable] = cvat.AccessToken;
        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        double cpu = 0;
        while (!process.HasExited)
        {
            cpu = Math.Max(cpu, CpuSecondsOf(process.Id));
            await Task.Delay(100);
        }

        await process.WaitForExitAsync();
        var seconds = wall.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the sweep {name} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reportDirectory, "report.json")));
        var root = report.RootElement;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var finding in Property(root, "findings").EnumerateArray())
        {
            map[Property(finding, "key").GetString()!] = Property(finding, "annotationKey").GetString()!;
        }

        return new WorkerSweep(Property(root, "embedder").GetString() ?? embedder, seconds, cpu, map);
    }

    /// <summary>An issue's opening message as a marker on the annotation its finding key belongs to.</summary>
    public WrittenMarker? ParseMarker(string message) =>
        FindingKeys.ParseMarker(message) is { } key
            ? new WrittenMarker(annotationOf.GetValueOrDefault(key), FindingKeys.KindOf(key)?.ToString() ?? "unknown")
            : null;

    private static string WriteConfig(FlagBenchOptions options, string work, Uri cvat, long projectId, string name, string embedder)
    {
        var config = new JsonObject
        {
            ["Platforms"] = new JsonArray(new JsonObject
            {
                ["Name"] = "cvat-bench",
                ["Kind"] = "cvat",
                ["Url"] = cvat.ToString(),
                ["Credentials"] = new JsonObject { ["Env"] = TokenVariable },
            }),
            ["Projects"] = new JsonArray(new JsonObject
            {
                ["Name"] = "bench",
                ["Platform"] = "cvat-bench",
                ["RemoteProjectId"] = projectId.ToString(CultureInfo.InvariantCulture),
                ["WriteBack"] = "markers",
            }),
            ["Embedding"] = new JsonObject { ["Embedder"] = embedder, ["ModelDirectory"] = options.ModelDirectory },
            ["Store"] = new JsonObject { ["Provider"] = "sqlite", ["SqlitePath"] = Path.Combine(work, name + ".db") },
        };
        var path = Path.Combine(work, name + ".json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>User plus system CPU time of a live process so far, from /proc (clock ticks of 1/100 s).</summary>
    private static double CpuSecondsOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static JsonElement Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        throw new InvalidDataException($"report.json has no {name}");
    }
}
