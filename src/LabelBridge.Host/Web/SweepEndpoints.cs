using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web;

/// <summary>Projects, their sweeps and reports, and manual sweep requests.</summary>
internal static class SweepEndpoints
{
    public static RouteGroupBuilder MapSweepEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/projects", ListProjectsAsync).WithSummary("Configured projects with their schedule and last sweep");
        api.MapPost("/projects/{project}/sweeps", RequestSweepAsync).WithSummary("Ask for a sweep now; it runs as the project's one job");
        api.MapGet("/projects/{project}/sweeps", ListSweepsAsync).WithSummary("Sweep history, newest first");
        api.MapGet("/sweeps/{sweepId:long}", GetSweepAsync).WithSummary("One sweep with its report when finished");
        api.MapGet("/sweeps/{sweepId:long}/report.html", GetReportPageAsync).WithSummary("The sweep's self-contained HTML report");
        return api;
    }

    private static async Task<Ok<List<ProjectSummary>>> ListProjectsAsync(ProjectCatalog catalog, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        var summaries = new List<ProjectSummary>();
        foreach (var project in catalog.Projects)
        {
            var recent = await store.ListSweepsAsync(project.Name, 1, cancellationToken);
            var last = recent.Count > 0 ? recent[0] : null;
            summaries.Add(new ProjectSummary(project.Name, project.Platform, project.RemoteProjectId, project.Schedule, project.TimeZone,
                EnumNames(project.WriteBack), last));
        }

        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Accepted<SweepRequested>, NotFound<ProblemDetails>>> RequestSweepAsync(
        string project, ProjectCatalog catalog, ISweepRequester requester, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return NotFound(project);
        }

        await requester.RequestSweepAsync(project, "manual", cancellationToken);
        return TypedResults.Accepted($"/api/projects/{Uri.EscapeDataString(project)}/sweeps", new SweepRequested(project, "manual"));
    }

    private static async Task<Results<Ok<IReadOnlyList<SweepRecord>>, NotFound<ProblemDetails>>> ListSweepsAsync(
        string project, int? limit, ProjectCatalog catalog, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return NotFound(project);
        }

        return TypedResults.Ok(await store.ListSweepsAsync(project, Math.Clamp(limit ?? 50, 1, 500), cancellationToken));
    }

    private static async Task<Results<Ok<SweepDetails>, NotFound<ProblemDetails>>> GetSweepAsync(long sweepId, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = $"Sweep {sweepId} does not exist.", Status = 404 });
        }

        var report = await ReportOfAsync(sweep, store, cancellationToken);
        return TypedResults.Ok(new SweepDetails(sweep, report));
    }

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GetReportPageAsync(
        long sweepId, ILabelBridgeStore store, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.ContentSecurityPolicy = HtmlReport.ContentSecurityPolicy + "; frame-ancestors 'none'";
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        var report = sweep is null ? null : await ReportOfAsync(sweep, store, cancellationToken);
        if (report is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = $"Sweep {sweepId} has no finished report.", Status = 404 });
        }

        return TypedResults.Content(HtmlReport.Render(report), "text/html; charset=utf-8");
    }

    private static async Task<SweepReport?> ReportOfAsync(SweepRecord sweep, ILabelBridgeStore store, CancellationToken cancellationToken) =>
        sweep.Stage >= SweepStage.Report
            ? await PartedCheckpoint.ReadAsync<SweepReport>(store, sweep.Id, SweepStage.Report, cancellationToken)
            : null;

    private static NotFound<ProblemDetails> NotFound(string project) =>
        TypedResults.NotFound(new ProblemDetails { Title = $"Project '{project}' is not configured.", Status = 404 });

    private static string EnumNames(Core.Platforms.WriteBackMode mode) => Configuration.EnumNames.ToKebab(mode.ToString());
}

internal sealed record ProjectSummary(string Name, string Platform, string RemoteProjectId, string? Schedule, string TimeZone, string WriteBack, SweepRecord? LastSweep);

internal sealed record SweepRequested(string Project, string Trigger);

internal sealed record SweepDetails(SweepRecord Sweep, SweepReport? Report);
