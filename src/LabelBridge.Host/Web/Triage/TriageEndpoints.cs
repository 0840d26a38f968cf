using LabelBridge.Core.Findings;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web.Triage;

/// <summary>The read side of the triage page: history, a sweep's summary, its points as columns, findings, selections,
/// thumbnails and the confusion matrix.</summary>
internal static class TriageEndpoints
{
    private const int DefaultSelectionLimit = 60;

    public static RouteGroupBuilder MapTriageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{project}/history", HistoryAsync).WithSummary("Sweeps of a project with their finding counts by kind, newest first");
        api.MapGet("/projects/{project}/thumbnails", ThumbnailAsync).WithSummary("The stored patch thumbnail of one annotation");
        api.MapGet("/sweeps/{sweepId:long}/summary", SummaryAsync).WithSummary("What the triage page needs to draw a finished sweep: counts, labels, kinds, populations, the mislabel estimate");
        api.MapGet("/sweeps/{sweepId:long}/points", PointsAsync).WithSummary("Every plotted annotation as columns (base64 little-endian arrays); index i is the point id");
        api.MapGet("/sweeps/{sweepId:long}/findings", FindingsAsync).WithSummary("Findings of a sweep, filtered, sorted and paged");
        api.MapPost("/sweeps/{sweepId:long}/selection", SelectionAsync).WithSummary("The annotations of a plot selection, findings first (worst first), paged");
        api.MapGet("/sweeps/{sweepId:long}/confusion", ConfusionAsync).WithSummary("Given x suggested label counts of the sweep's mislabel findings, with their keys");
        return api;
    }

    private static async Task<Results<Ok<List<HistoryEntry>>, NotFound<ProblemDetails>>> HistoryAsync(
        string project, int? limit, ProjectCatalog catalog, ILabelBridgeStore store, TriageSweeps sweeps, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return TypedResults.NotFound(TriageSweeps.Problem(404, $"Project '{project}' is not configured."));
        }

        var entries = new List<HistoryEntry>();
        foreach (var sweep in await store.ListSweepsAsync(project, Math.Clamp(limit ?? 50, 1, 500), cancellationToken))
        {
            var counts = TriageSweeps.Unfinished(sweep) is null ? await sweeps.CountsAsync(sweep, cancellationToken) : null;
            entries.Add(new HistoryEntry(sweep.Id, sweep.Trigger, sweep.Status, sweep.Stage, sweep.StartedAt, sweep.FinishedAt,
                counts?.FindingsByKind ?? new Dictionary<string, int>(), counts?.PointCount ?? 0));
        }

        return TypedResults.Ok(entries);
    }

    private static async Task<Results<Ok<SweepSummaryView>, ProblemHttpResult>> SummaryAsync(long sweepId, TriageSweeps sweeps, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var report = sweep.Report;
        return TypedResults.Ok(new SweepSummaryView(sweep.Sweep.Id, sweep.Project, report.Platform.ToString(), sweep.Sweep.Status, sweep.Sweep.Stage,
            sweep.Sweep.StartedAt, sweep.Sweep.FinishedAt, report.Embedder, report.Counts,
            new ProjectionView(report.Projection.Method, report.Projection.Trustworthiness, report.Points.Count),
            report.Notes, report.Problems, sweep.Labels, sweep.Kinds, sweep.Populations, EstimateView.Of(report.Estimate)));
    }

    private static async Task<Results<Ok<PointColumns>, ProblemHttpResult>> PointsAsync(long sweepId, TriageSweeps sweeps, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        return sweep is null ? TypedResults.Problem(problem!) : TypedResults.Ok(await sweep.PointColumnsAsync(cancellationToken));
    }

    private static async Task<Results<Ok<Page<FindingView>>, ProblemHttpResult>> FindingsAsync(
        long sweepId, string? kind, string? label, string? suggested, string? population, string? status, double? minScore, string? sort,
        int? offset, int? limit, TriageSweeps sweeps, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        var (query, invalid) = FindingQuery.Parse(kind, label, suggested, population, status, minScore, sort, offset, limit);
        if (query is null)
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, invalid!));
        }

        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        return TypedResults.Ok(query.Apply(sweep, await ViewsAsync(sweep, store, cancellationToken)));
    }

    private static async Task<Results<Ok<Page<AnnotationView>>, ProblemHttpResult>> SelectionAsync(
        long sweepId, SelectionRequest body, TriageSweeps sweeps, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var snapshot = await sweep.SnapshotAsync(cancellationToken);
        var known = (body.AnnotationKeys ?? []).Distinct(StringComparer.Ordinal).Where(snapshot.Annotations.ContainsKey).ToList();
        var ordered = known.Where(sweep.FindingsByAnnotation.ContainsKey)
            .OrderByDescending(k => sweep.FindingsByAnnotation[k].Score).ThenBy(k => k, StringComparer.Ordinal)
            .Concat(known.Where(k => !sweep.FindingsByAnnotation.ContainsKey(k)))
            .ToList();
        var offset = Math.Max(0, body.Offset ?? 0);
        var views = await ViewsAsync(sweep, store, cancellationToken, snapshot);
        var page = ordered.Skip(offset).Take(Math.Clamp(body.Limit ?? DefaultSelectionLimit, 1, FindingQuery.MaxLimit)).Select(views.Annotation).ToList();
        return TypedResults.Ok(new Page<AnnotationView>(ordered.Count, offset, page));
    }

    private static async Task<Results<Ok<ConfusionView>, ProblemHttpResult>> ConfusionAsync(long sweepId, TriageSweeps sweeps, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var mislabels = sweep.Report.Findings.Where(f => f.Kind == FindingKind.Mislabel && f.SuggestedLabel is not null).ToList();
        var cells = mislabels
            .GroupBy(f => (f.GivenLabel, Suggested: f.SuggestedLabel!))
            .Select(g => new ConfusionCell(g.Key.GivenLabel, g.Key.Suggested, g.Count(),
                g.OrderByDescending(f => f.Score).Select(f => f.Key).ToList()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Given, StringComparer.Ordinal).ThenBy(c => c.Suggested, StringComparer.Ordinal)
            .ToList();
        var labels = sweep.Labels.Concat(mislabels.Select(f => f.SuggestedLabel!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new ConfusionView(labels, cells));
    }

    private static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> ThumbnailAsync(
        string project, string? annotation, HttpContext context, ProjectCatalog catalog, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return TypedResults.NotFound(TriageSweeps.Problem(404, $"Project '{project}' is not configured."));
        }

        var image = string.IsNullOrEmpty(annotation) ? null : await store.GetThumbnailAsync(project, annotation, cancellationToken);
        if (image is null)
        {
            return TypedResults.NotFound(TriageSweeps.Problem(404, $"No thumbnail for {annotation}: the item may have been deleted or not embedded yet."));
        }

        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(image, IsPng(image) ? "image/png" : "image/jpeg");
    }

    private static bool IsPng(byte[] image) => image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]);

    private static async Task<TriageViewBuilder> ViewsAsync(TriageSweep sweep, ILabelBridgeStore store, CancellationToken cancellationToken, SweepSnapshot? snapshot = null) =>
        new(sweep, await store.GetDecisionsAsync(sweep.Project, cancellationToken), await store.GetMarkersAsync(sweep.Project, cancellationToken), snapshot);
}
