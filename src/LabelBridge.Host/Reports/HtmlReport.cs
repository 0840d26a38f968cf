using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Reports;

/// <summary>Renders a sweep report as one HTML file with no external resources: counts, the embedding plot
/// (coloured by label, findings drawn on top), the class-confusion pairs and the findings with their evidence.</summary>
internal static class HtmlReport
{
    /// <summary>The report runs only its own inline script (pinned by hash), loads nothing, and posts nothing: a label
    /// name that slipped past encoding still could not run. Sent as a header where the page is served, and as a meta tag
    /// in the file, which is opened from disk.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Script)))}'; "
        + "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>The page as one string (served by the web host).</summary>
    /// <remarks>The serialiser's default encoder escapes '&lt;' (as \u003C), so the plot's data cannot close its script element.</remarks>
    public static string Render(SweepReport report) => Head(report) + JsonSerializer.Serialize(PlotData(report)) + Tail;

    /// <summary>Writes the page to <paramref name="stream"/> (report.html): the plot's data (a million points are about 70 MB
    /// of JSON) is serialised straight into it, never held as one string, which with the page around it and its copies was
    /// the largest allocation of a 1M sweep's report stage.</summary>
    public static async Task WriteAsync(SweepReport report, Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Head(report)), cancellationToken);
        await JsonSerializer.SerializeAsync(stream, PlotData(report), cancellationToken: cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Tail), cancellationToken);
    }

    private static readonly string Tail = $"</script><script>{Script}</script></body></html>";

    /// <summary>The page up to the plot's data.</summary>
    private static string Head(SweepReport report)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"")
            .Append(ContentSecurityPolicy).Append("\"><title>LabelBridge sweep ")
            .Append(report.SweepId).Append(" — ").Append(Encode(report.Project)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>LabelBridge sweep ").Append(report.SweepId).Append(" · ").Append(Encode(report.Project)).Append("</h1>");
        html.Append("<p class=\"meta\">").Append(report.Platform).Append(" project ").Append(Encode(report.RemoteProjectId))
            .Append(" · ").Append(Encode(report.Trigger)).Append(" · ").Append(report.StartedAt.ToString("u", CultureInfo.InvariantCulture))
            .Append(" · embedder: ").Append(Encode(report.Embedder)).Append("</p>");
        AppendCounts(html, report);
        html.Append("<h2>Embedding plot</h2><p class=\"meta\">").Append(Encode(report.Projection.Method));
        if (report.Projection.Trustworthiness is { } trust)
        {
            html.Append(" · trustworthiness@15 ").Append(trust.ToString("0.00", CultureInfo.InvariantCulture));
        }

        html.Append(" · rings mark findings; hover a point for details</p><div id=\"plotwrap\"><canvas id=\"plot\" width=\"900\" height=\"600\"></canvas><div id=\"legend\"></div></div><div id=\"tip\"></div>");
        AppendConfusion(html, report);
        QualityHtml.Append(html, report);
        AppendFindings(html, report);
        AppendProblems(html, report);
        html.Append("<script id=\"data\" type=\"application/json\">");
        return html.ToString();
    }

    private static void AppendCounts(StringBuilder html, SweepReport report)
    {
        var c = report.Counts;
        html.Append("<table class=\"counts\"><tr><th>annotations read</th><th>skipped</th><th>patches embedded</th><th>cache hits</th>");
        foreach (var kind in c.FindingsByKind.Keys)
        {
            html.Append("<th>").Append(Encode(kind)).Append("</th>");
        }

        html.Append("<th>markers written</th><th>already present</th><th>dismissed earlier</th></tr><tr>")
            .Append("<td>").Append(c.AnnotationsRead).Append("</td><td>").Append(c.AnnotationsSkipped).Append("</td><td>")
            .Append(c.PatchesEmbedded).Append("</td><td>").Append(c.CacheHits).Append("</td>");
        foreach (var count in c.FindingsByKind.Values)
        {
            html.Append("<td>").Append(count).Append("</td>");
        }

        html.Append("<td>").Append(c.MarkersWritten).Append("</td><td>").Append(c.MarkersAlreadyPresent).Append("</td><td>")
            .Append(c.SuppressedAsDismissed).Append("</td></tr></table>");
    }

    private static void AppendConfusion(StringBuilder html, SweepReport report)
    {
        if (report.Confusion.Count == 0)
        {
            return;
        }

        html.Append("<h2>Class confusion</h2><table><tr><th>labelled</th><th>looks like</th><th>count</th></tr>");
        foreach (var pair in report.Confusion.Take(20))
        {
            html.Append("<tr><td>").Append(Encode(pair.Given)).Append("</td><td>").Append(Encode(pair.Suggested)).Append("</td><td>").Append(pair.Count).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendFindings(StringBuilder html, SweepReport report)
    {
        html.Append("<h2>Findings (").Append(report.Findings.Count).Append(")</h2>");
        if (report.Estimate is not null)
        {
            html.Append("<p class=\"estimate\">").Append(Encode(Capitalised(report.Estimate.Sentence()))).Append(".</p>");
        }

        if (report.Findings.Count == 0)
        {
            html.Append("<p>No findings above the project's thresholds.</p>");
            return;
        }

        html.Append("<table><tr><th>score</th><th>kind</th><th>item</th><th>given</th><th>suggested</th><th>why</th><th>marker</th></tr>");
        foreach (var finding in report.Findings)
        {
            html.Append("<tr><td>").Append(finding.Score.ToString("0.00", CultureInfo.InvariantCulture)).Append("</td><td>").Append(finding.Kind)
                .Append("</td><td>");
            if (finding.PlatformLink is not null)
            {
                html.Append("<a href=\"").Append(Encode(finding.PlatformLink.ToString())).Append("\">").Append(Encode(finding.ItemName)).Append("</a>");
            }
            else
            {
                html.Append(Encode(finding.ItemName));
            }

            html.Append("</td><td>").Append(Encode(finding.GivenLabel)).Append("</td><td>").Append(Encode(finding.SuggestedLabel ?? ""))
                .Append("</td><td>").Append(Encode(finding.Reason)).Append("</td><td>").Append(Encode(finding.MarkerId ?? "")).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Capitalised(string sentence) => sentence.Length == 0 ? sentence : char.ToUpperInvariant(sentence[0]) + sentence[1..];

    private static void AppendProblems(StringBuilder html, SweepReport report)
    {
        if (report.Problems.Count == 0 && report.Notes.Count == 0)
        {
            return;
        }

        html.Append("<h2>Skipped and notes</h2><ul>");
        foreach (var problem in report.Problems)
        {
            html.Append("<li><code>").Append(Encode(problem.Subject)).Append("</code>: ").Append(Encode(problem.Reason)).Append("</li>");
        }

        foreach (var note in report.Notes)
        {
            html.Append("<li>").Append(Encode(note)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static object PlotData(SweepReport report)
    {
        var labels = report.Points.Select(p => p.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var reasons = report.Findings.DistinctBy(f => f.Key).ToDictionary(f => f.Key, f => f.Reason, StringComparer.Ordinal);
        return new
        {
            labels,
            x = report.Points.Select(p => p.X),
            y = report.Points.Select(p => p.Y),
            label = report.Points.Select(p => index[p.Label]),
            kind = report.Points.Select(p => p.Kind?.ToString()),
            score = report.Points.Select(p => Math.Round(p.Score, 3)),
            reason = report.Points.Select(p => p.FindingKey is null ? null : reasons.GetValueOrDefault(p.FindingKey)),
            key = report.Points.Select(p => p.AnnotationKey),
        };
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
        .meta{color:#666;font-size:13px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f6f6f6}.counts td{text-align:right}#plotwrap{display:flex;gap:16px}canvas{border:1px solid #ddd;background:#fff}
        #legend{font-size:13px}#legend div{margin:2px 0}#legend span{display:inline-block;width:12px;height:12px;margin-right:6px;border-radius:6px}
        #tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;display:none;max-width:360px}
        """;

    private const string Script = """
        const d=JSON.parse(document.getElementById('data').textContent);const c=document.getElementById('plot');const g=c.getContext('2d');
        const pal=['#4e79a7','#f28e2b','#59a14f','#e15759','#76b7b2','#edc948','#b07aa1','#ff9da7','#9c755f','#bab0ac','#1f77b4','#2ca02c','#d62728','#9467bd','#8c564b'];
        const n=d.x.length;let x0=Infinity,x1=-Infinity,y0=Infinity,y1=-Infinity;for(let i=0;i<n;i++){x0=Math.min(x0,d.x[i]);x1=Math.max(x1,d.x[i]);y0=Math.min(y0,d.y[i]);y1=Math.max(y1,d.y[i]);}
        const px=i=>20+(d.x[i]-x0)/((x1-x0)||1)*(c.width-40),py=i=>20+(d.y[i]-y0)/((y1-y0)||1)*(c.height-40);
        for(let i=0;i<n;i++){g.fillStyle=pal[d.label[i]%pal.length];g.globalAlpha=0.7;g.beginPath();g.arc(px(i),py(i),2.5,0,7);g.fill();}
        g.globalAlpha=1;for(let i=0;i<n;i++){if(!d.kind[i])continue;g.strokeStyle=d.kind[i]==='Mislabel'?'#d00':d.kind[i]==='Outlier'?'#000':'#a0a';g.lineWidth=2;g.beginPath();g.arc(px(i),py(i),6,0,7);g.stroke();}
        const lg=document.getElementById('legend');d.labels.forEach((l,i)=>{const e=document.createElement('div');e.innerHTML='<span style="background:'+pal[i%pal.length]+'"></span>';e.append(l);lg.append(e);});
        const tip=document.getElementById('tip');c.addEventListener('mousemove',ev=>{const r=c.getBoundingClientRect();const mx=ev.clientX-r.left,my=ev.clientY-r.top;let best=-1,bd=64;
        for(let i=0;i<n;i++){const dx=px(i)-mx,dy=py(i)-my,dd=dx*dx+dy*dy;if(dd<bd){bd=dd;best=i;}}
        if(best<0){tip.style.display='none';return;}tip.style.display='block';tip.style.left=(ev.clientX+12)+'px';tip.style.top=(ev.clientY+12)+'px';
        tip.textContent=d.labels[d.label[best]]+' · '+d.key[best]+(d.kind[best]?' · '+d.kind[best]+' '+d.score[best]+' — '+d.reason[best]:'');});
        """;
}
