using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Reviewer-approved relabels: whether a sweep's project allows them (and with which labels), the relabel
/// itself, and the project's relabel history with who and when.</summary>
internal static class RelabelEndpoints
{
    public static RouteGroupBuilder MapRelabelEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sweeps/{sweepId:long}/relabel-options", OptionsAsync)
            .WithSummary("Whether reviewers may relabel in this sweep's project (AllowReviewerRelabel) and the labels they may choose");
        api.MapPost("/sweeps/{sweepId:long}/relabels", RelabelAsync)
            .WithSummary("Change a finding's annotation to another label on the platform, confirm the finding and resolve its marker; refused when the annotation changed since the sweep");
        api.MapGet("/projects/{project}/relabels", HistoryAsync)
            .WithSummary("Labels reviewers changed in a project, newest first, with the old and new label, who and when");
        return api;
    }

    private static async Task<Results<Ok<RelabelOptionsView>, ProblemHttpResult>> OptionsAsync(
        long sweepId, TriageSweeps sweeps, ReviewerRelabels relabels, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var snapshot = await sweep.SnapshotAsync(cancellationToken);
        var why = relabels.WhyNotAllowed(sweep.Project);
        return TypedResults.Ok(new RelabelOptionsView(why is null, why, [.. snapshot.Snapshot.Labels.Select(l => l.Name).Distinct(StringComparer.Ordinal)]));
    }

    private static async Task<Results<Ok<RelabelResult>, ProblemHttpResult>> RelabelAsync(
        long sweepId, RelabelRequest body, TriageSweeps sweeps, ReviewerRelabels relabels, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(body.FindingKey) || string.IsNullOrEmpty(body.Label))
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, "Say findingKey, label and reviewer."));
        }

        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var scope = new ReviewScope(sweep.Sweep.Id, sweep.Project, sweep.Report.Platform, sweep.Findings, await sweep.SnapshotAsync(cancellationToken));
        return TypedResults.Ok(await relabels.RelabelAsync(scope, body.FindingKey, body.Label, body.Reviewer ?? "", cancellationToken));
    }

    private static async Task<Results<Ok<List<RelabelRecord>>, NotFound<ProblemDetails>>> HistoryAsync(
        string project, int? limit, ProjectCatalog catalog, IRelabelStore store, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            return TypedResults.NotFound(TriageSweeps.Problem(404, $"Project '{project}' is not configured."));
        }

        return TypedResults.Ok((await store.GetRelabelsAsync(project, cancellationToken)).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToList());
    }
}

internal sealed record RelabelRequest(string? FindingKey, string? Label, string? Reviewer);

/// <param name="Allowed">Whether the project allows reviewer relabels.</param>
/// <param name="Reason">Why not, when not.</param>
/// <param name="Labels">The project's labels as the sweep read them.</param>
internal sealed record RelabelOptionsView(bool Allowed, string? Reason, IReadOnlyList<string> Labels);
