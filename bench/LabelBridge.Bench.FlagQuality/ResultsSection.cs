using System.Runtime.InteropServices;
using System.Text;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Bench.FlagQuality;

/// <summary>Keeps "## Flag quality end to end" in RESULTS.md: an introduction once, then one "### " block per run
/// label (before, after…); a run replaces the block of the same label and leaves the others.</summary>
internal static class ResultsSection
{
    private const string Heading = "## Flag quality end to end";

    private const string Introduction =
        "Generated CVAT projects with planted errors, served by the CVAT emulator and swept with write-back (`markers`) by the real " +
        "`labelbridge sweep` in a child process (SQLite store, every other setting default, so `MaxFindingsPerSweep` = 500). " +
        "`garments`: all ten Fashion-MNIST classes tinted on textured shelves (bench/LabelBridge.Bench.FlagQuality, the demo's generator); " +
        "`icons`: Google emoji (emoji-datasource-google, 9 categories) pasted on crops of scikit-image's sample photos. " +
        "Planted: ~6.5% of objects mislabelled (80% of wrong labels drawn from the two classes whose mean sprite is nearest the true one's), " +
        "objects pasted twice into a frame with the second copy labelled differently (`duplicate-conflict`), and junk (scribbles or bare " +
        "background) boxed as a class. The issues in the emulator are mapped to annotations through the finding key in their marker. " +
        "Precision = flagged boxes carrying a planted error / flagged boxes; recall = planted errors with a marker / planted; " +
        "marker precision = markers on planted errors / markers. Per planted kind: flagged/planted; per marker kind: on a planted error/written.";

    private static string InstalledModels(string modelDirectory) =>
        Directory.Exists(modelDirectory)
            ? string.Join(", ", Directory.EnumerateFiles(modelDirectory, "*" + ModelManifest.FileSuffix)
                .Select(path => Path.GetFileName(path)[..^ModelManifest.FileSuffix.Length])
                .Order(StringComparer.Ordinal))
            : "none";

    public static void Append(FlagBenchOptions options, IReadOnlyList<FlagRow> rows)
    {
        var block = new StringBuilder();
        block.AppendLine($"### {options.Label}").AppendLine();
        block.AppendLine(FlagBenchOptions.Invariant($"Command: `{options.Command}`. Machine: {Environment.ProcessorCount} cores (shared with other work), {RuntimeInformation.OSDescription}, .NET {Environment.Version}, Release build. Load average (1/5/15 min) at the end: {LoadAverage()}. Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC; one run per row."))
            .AppendLine();
        block.AppendLine($"Models in the model directory (`auto` chooses among pixels, each model and each model with pixels): {InstalledModels(options.ModelDirectory)}.")
            .AppendLine();
        var plantedKinds = rows.SelectMany(r => r.Score.PlantedKinds.Select(k => k.Kind)).Distinct().Order(StringComparer.Ordinal).ToList();
        var markerKinds = rows.SelectMany(r => r.Score.MarkerKinds.Select(k => k.Kind)).Distinct().Order(StringComparer.Ordinal).ToList();
        block.Append("| domain | embedder | boxes | planted | markers | boxes flagged | precision | recall | marker precision | boxes with >1 marker | ")
            .Append(string.Concat(plantedKinds.Select(k => $"found {k} | ")))
            .Append(string.Concat(markerKinds.Select(k => $"{k} markers on planted | ")))
            .AppendLine("sweep wall s | worker CPU s |");
        block.Append("|---|---|").Append(string.Concat(Enumerable.Repeat("---:|", 8 + plantedKinds.Count + markerKinds.Count + 2))).AppendLine();
        foreach (var row in rows)
        {
            var score = row.Score;
            // The report names the embedder with its reasons ("auto: pixel+… (10-NN label agreement …)"); the table keeps the name.
            var used = row.EmbedderUsed.Split(" (", 2)[0].Replace("auto: ", "", StringComparison.Ordinal);
            var embedder = used == row.Embedder ? used : $"{row.Embedder} → {used}";
            block.Append(FlagBenchOptions.Invariant(
                $"| {row.Domain} | {embedder} | {row.Boxes} | {score.Planted} | {score.Markers} | {score.BoxesFlagged} | {score.Precision:0.00} | {score.Recall:0.00} | {score.MarkerPrecision:0.00} | {score.BoxesWithSeveralMarkers} | "));
            foreach (var kind in plantedKinds)
            {
                block.Append(score.PlantedKinds.FirstOrDefault(k => k.Kind == kind) is { } found ? FlagBenchOptions.Invariant($"{found.Flagged}/{found.Planted} | ") : "– | ");
            }

            foreach (var kind in markerKinds)
            {
                block.Append(score.MarkerKinds.FirstOrDefault(k => k.Kind == kind) is { } written ? FlagBenchOptions.Invariant($"{written.OnPlanted}/{written.Markers} | ") : "0 | ");
            }

            block.AppendLine(FlagBenchOptions.Invariant($"{row.WallSeconds:0.0} | {row.CpuSeconds:0.0} |"));
        }

        block.AppendLine();
        File.WriteAllText(options.Results, Merge(File.Exists(options.Results) ? File.ReadAllText(options.Results) : "# Benchmark results\n", options.Label, block.ToString()));
    }

    /// <summary>RESULTS.md with the section created if missing and the block of <paramref name="label"/> replaced or appended.</summary>
    internal static string Merge(string existing, string label, string block)
    {
        var start = existing.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return existing.TrimEnd() + "\n\n" + Heading + "\n\n" + Introduction + "\n\n" + block;
        }

        var sectionEnd = existing.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        sectionEnd = sectionEnd < 0 ? existing.Length : sectionEnd + 1;
        var section = existing[start..sectionEnd];
        var blockStart = section.IndexOf($"### {label}\n", StringComparison.Ordinal);
        if (blockStart >= 0)
        {
            var blockEnd = section.IndexOf("\n### ", blockStart + 4, StringComparison.Ordinal);
            section = section[..blockStart] + block + (blockEnd < 0 ? "" : section[(blockEnd + 1)..]);
        }
        else
        {
            section = section.TrimEnd() + "\n\n" + block;
        }

        return existing[..start] + section + (sectionEnd < existing.Length ? "\n" + existing[sectionEnd..].TrimStart('\n') : "");
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
