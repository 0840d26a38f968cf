using System.Globalization;
using System.Net;
using System.Text;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Reports;

/// <summary>The report's annotator and job tables (<see cref="SweepReport.Quality"/>), worst first; decisions are not in
/// the report (none were made on this sweep's findings when it was written): the triage page's Annotators tab reads them live.</summary>
internal static class QualityHtml
{
    private const int MaxRows = 50;

    public static void Append(StringBuilder html, SweepReport report)
    {
        if (report.Quality is not { } quality)
        {
            return;
        }

        html.Append("<h2>Annotators and jobs</h2><p class=\"meta\">findings per 100 annotations, worst first: where to look, not who is wrong</p>");
        var trend = report.QualityTrend is { Sweeps.Count: > 1 } t ? t : null;
        if (trend is not null)
        {
            html.Append("<p class=\"meta\">trend: per 100 in sweeps ").Append(string.Join(", ", trend.Sweeps.Select(s => "#" + s.SweepId.ToString(CultureInfo.InvariantCulture))))
                .Append(" (oldest first, this one last; – where absent)</p>");
        }

        Table(html, "annotator", quality.Annotators, trend?.Annotators);
        Table(html, "job", quality.Jobs, trend?.Jobs);
    }

    private static void Table(StringBuilder html, string title, IReadOnlyList<QualityRow> rows, IReadOnlyList<TrendRow>? trend)
    {
        var trendOf = trend?.ToDictionary(r => r.Name, StringComparer.Ordinal);
        html.Append("<table class=\"quality\"><tr><th>").Append(title).Append("</th><th>annotations</th><th>findings</th><th>per 100</th>")
            .Append(trendOf is null ? "" : "<th>trend</th>").Append("<th>top confusions</th></tr>");
        foreach (var row in rows.Take(MaxRows))
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(row.Name)).Append("</td><td>").Append(row.Annotations).Append("</td><td>")
                .Append(row.Findings).Append("</td><td>").Append(row.FindingsPer100.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td>");
            if (trendOf is not null)
            {
                var values = trendOf.TryGetValue(row.Name, out var found) ? found.FindingsPer100 : [];
                html.Append("<span class=\"trend\">").Append(string.Join(" → ", values.Select(v => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–")))
                    .Append("</span></td><td>");
            }

            html.Append(WebUtility.HtmlEncode(string.Join(", ", row.TopConfusions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Given} → {c.Suggested} ×{c.Count}")))))
                .Append("</td></tr>");
        }

        html.Append("</table>");
        if (rows.Count > MaxRows)
        {
            html.Append("<p class=\"meta\">").Append(rows.Count - MaxRows).Append(" more ").Append(title).Append("s in report.json</p>");
        }
    }
}
