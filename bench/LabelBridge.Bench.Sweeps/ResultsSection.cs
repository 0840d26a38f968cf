using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LabelBridge.Bench.Sweeps;

/// <summary>Replaces the "## Sweeps at scale" section of RESULTS.md (up to the next "## " heading) with this run's table.</summary>
internal static class ResultsSection
{
    private const string Heading = "## Sweeps at scale";

    public static void Write(BenchOptions options, int annotations, IReadOnlyList<SweepRun> rows)
    {
        var stageNames = rows.SelectMany(r => r.Stages.Select(s => s.Stage)).Distinct().ToList();
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(string.Create(invariant, $"Command: `{options.Command}`. Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}, .NET {Environment.Version}, Release build."));
        text.AppendLine(string.Create(invariant, $"Load average (1/5/15 min) at the end: {LoadAverage()}.")).AppendLine();
        text.AppendLine(string.Create(invariant, $"A synthetic CVAT project in the emulator: {annotations} boxes on {(annotations + SyntheticProject.ObjectsPerFrame - 1) / SyntheticProject.ObjectsPerFrame} generated 320×256 JPEG frames (20 shapes of 10 classes each, 2% mislabelled), tasks of 1000 frames, jobs of 100. ")
            + "Store rows: one worker, the real `labelbridge sweep` in a child process, write-back `markers` (at most 500 issues); `cold` = empty store, `cached` = the same sweep again with every embedding in the store. "
            + "Serve rows: N `labelbridge serve` processes on one PostgreSQL database (`cold` a fresh one, `cached` the cold pass's again; clustered Quartz, embedding sharded by job), one manual sweep requested through the API, timed until the store records it finished; their stage times are the coordinating worker's (the shards' embedding time is inside the wall time). "
            + "Peak memory is the worker's VmHWM (resident high-water mark); the emulator runs in the bench process and is not counted.").AppendLine();
        text.Append("| store | pass | embedder | embedded | findings | markers | ")
            .Append(string.Join(" | ", stageNames.Select(s => $"{s} s")))
            .AppendLine(" | wall s | peak MiB |");
        text.Append("|---|---|---|---:|---:|---:|").Append(string.Concat(stageNames.Select(_ => "---:|"))).AppendLine("---:|---:|");
        foreach (var row in rows)
        {
            var stages = stageNames.Select(n => row.Stages.FirstOrDefault(s => s.Stage == n) is { Stage: not null } s ? s.Seconds.ToString("0.0", invariant) : "");
            text.AppendLine(string.Create(invariant,
                $"| {row.Store} | {row.Pass} | {row.Embedder} | {row.Embedded} | {row.Findings} | {row.Markers} | {string.Join(" | ", stages)} | {row.WallSeconds:0.0} | {row.PeakBytes / 1048576.0:0} |"));
        }

        text.AppendLine();

        var existing = File.Exists(options.Results) ? File.ReadAllText(options.Results) : "# Benchmark results\n\n";
        var start = existing.IndexOf(Heading, StringComparison.Ordinal);
        string updated;
        if (start < 0)
        {
            updated = existing.TrimEnd() + "\n\n" + text;
        }
        else
        {
            var end = existing.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
            updated = existing[..start] + text + (end < 0 ? "" : existing[(end + 1)..]);
        }

        File.WriteAllText(options.Results, updated);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
