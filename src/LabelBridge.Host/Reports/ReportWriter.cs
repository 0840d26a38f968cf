using System.Text.Json;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Reports;

/// <summary>Writes a sweep's <c>report.json</c> and its self-contained <c>report.html</c> into a directory.</summary>
internal static class ReportWriter
{
    public static async Task<ReportFiles> WriteAsync(SweepReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var html = Path.Combine(directory, "report.html");
        await using (var stream = File.Create(json))
        {
            await JsonSerializer.SerializeAsync(stream, report, ReportJson.Options, cancellationToken);
        }

        await using (var stream = File.Create(html))
        {
            await HtmlReport.WriteAsync(report, stream, cancellationToken);
        }

        return new ReportFiles(json, html);
    }
}

internal sealed record ReportFiles(string Json, string Html);

internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(SweepCheckpoints.Json) { WriteIndented = true };
}
