using System.Globalization;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Logging;
using LabelBridge.Host.Reports;
using Spectre.Console;

namespace LabelBridge.Host.Cli;

internal static class SweepSummary
{
    public static void Write(IAnsiConsole console, SweepReport report, ReportFiles files)
    {
        var counts = report.Counts;
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]Sweep {report.SweepId} of {TerminalText.Escape(report.Project)} finished.[/] Embedder: {TerminalText.Escape(report.Embedder)}");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"annotations {counts.AnnotationsRead} (skipped {counts.AnnotationsSkipped}), patches embedded {counts.PatchesEmbedded}, cache hits {counts.CacheHits}"));
        console.WriteLine("findings: " + string.Join(", ", counts.FindingsByKind.Select(k => $"{k.Key} {k.Value}"))
            + string.Create(CultureInfo.InvariantCulture, $"; dismissed earlier {counts.SuppressedAsDismissed}, beyond cap {counts.BeyondCap}"));
        if (report.Estimate is not null)
        {
            console.WriteLine("mislabels: " + report.Estimate.Sentence());
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"markers written {counts.MarkersWritten}, already present {counts.MarkersAlreadyPresent}, relabel units {counts.RelabelUnits}, write-back errors {counts.WriteBackErrors}"));
        if (report.Findings.Count > 0)
        {
            var table = new Table().AddColumn("score").AddColumn("kind").AddColumn("item").AddColumn("why");
            foreach (var finding in report.Findings.Take(10))
            {
                table.AddRow(finding.Score.ToString("0.00", CultureInfo.InvariantCulture), finding.Kind.ToString(), Markup.Escape(TerminalText.Escape(finding.ItemName)), Markup.Escape(TerminalText.Escape(finding.Reason)));
            }

            console.Write(table);
        }

        console.WriteLine($"report: {files.Html}");
    }
}
