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
        Table(html, "annotator", quality.Annotators);
        Table(html, "job", quality.Jobs);
    }

    private static void Table(StringBuilder html, string title, IReadOnlyList<QualityRow> rows)
    {
        html.Append("<table class=\"quality\"><tr><th>").Append(title).Append("</th><th>annotations</th><th>findings</th><th>per 100</th><th>top confusions</th></tr>");
        foreach (var row in rows.Take(MaxRows))
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(row.Name)).Append("</td><td>").Append(row.Annotations).Append("</td><td>")
                .Append(row.Findings).Append("</td><td>").Append(row.FindingsPer100.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(WebUtility.HtmlEncode(string.Join(", ", row.TopConfusions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Given} → {c.Suggested} ×{c.Count}")))))
                .Append("</td></tr>");
        }

        html.Append("</table>");
        if (rows.Count > MaxRows)
        {
            html.Append("<p class=\"meta\">").Append(rows.Count - MaxRows).Append(" more ").Append(title).Append("s in report.json</p>");
        }
    }
}
