using LabelBridge.Core.Quality;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Annotator and job quality of a sweep: annotations, findings per 100, reviewers' decisions (read live) and the
/// most frequent confusions, per annotator and per job, worst first.</summary>
internal static class QualityEndpoints
{
    public static RouteGroupBuilder MapQualityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sweeps/{sweepId:long}/quality", QualityAsync)
            .WithSummary("Per annotator and per job: annotations, findings per 100 annotations, confirmed and dismissed, top confusion pairs");
        api.MapGet("/projects/{project}/quality/trend", TrendAsync)
            .WithSummary("Per annotator and per job: findings per 100 annotations in each of the project's last finished sweeps (default 10), oldest first");
        return api;
    }

    private static async Task<Results<Ok<QualityTable>, ProblemHttpResult>> QualityAsync(
        long sweepId, TriageSweeps sweeps, ILabelBridgeStore store, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var snapshot = (await sweep.SnapshotAsync(cancellationToken)).Snapshot;
        var decisions = await store.GetDecisionsAsync(sweep.Project, cancellationToken);
        return TypedResults.Ok(AnnotatorQuality.Compute(snapshot.Items, snapshot.Annotations, sweep.Report.Findings, decisions));
    }

    private static async Task<Results<Ok<QualityTrend>, NotFound<ProblemDetails>>> TrendAsync(
        string project, int? last, ProjectCatalog catalog, ILabelBridgeStore store, TriageSweeps sweeps, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return TypedResults.NotFound(TriageSweeps.Problem(StatusCodes.Status404NotFound, $"Project '{project}' is not configured."));
        }

        var tables = await QualityTrends.ReadAsync(store, project, Math.Clamp(last ?? QualityTrends.DefaultSweeps, 1, QualityTrends.MaxSweeps),
            sweeps.QualityTableAsync, cancellationToken);
        return TypedResults.Ok(QualityTrends.Build(tables));
    }
}
