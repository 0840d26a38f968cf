using LabelBridge.Core.Review;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelBridge.Host.Web.Triage;

/// <summary>The write side of the triage page: confirm or dismiss findings, and tag a selection "needs review".</summary>
internal static class DecisionEndpoints
{
    public static RouteGroupBuilder MapDecisionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/sweeps/{sweepId:long}/decisions", DecideAsync)
            .WithSummary("Confirm or dismiss findings; a dismissal withdraws the platform marker and is suppressed in later sweeps while the annotation is unchanged");
        api.MapPost("/sweeps/{sweepId:long}/needs-review", NeedsReviewAsync)
            .WithSummary("Write a review marker on each selected annotation, with or without a finding (idempotent)");
        return api;
    }

    private static async Task<Results<Ok<DecisionResults>, ProblemHttpResult>> DecideAsync(
        long sweepId, DecisionRequest body, TriageSweeps sweeps, ReviewDecisions decisions, CancellationToken cancellationToken)
    {
        if (body.Verdict is not { } verdict)
        {
            return TypedResults.Problem(TriageSweeps.Problem(400, "Say verdict: \"Dismissed\" or \"Confirmed\"."));
        }

        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var keys = (body.FindingKeys ?? []).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new DecisionResults(await decisions.DecideAsync(await ScopeAsync(sweep, cancellationToken), keys, verdict, body.ApplySuggestion, cancellationToken)));
    }

    private static async Task<Results<Ok<NeedsReviewResults>, ProblemHttpResult>> NeedsReviewAsync(
        long sweepId, NeedsReviewRequest body, TriageSweeps sweeps, ReviewDecisions decisions, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var keys = (body.AnnotationKeys ?? []).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new NeedsReviewResults(await decisions.FlagAsync(await ScopeAsync(sweep, cancellationToken), keys, cancellationToken)));
    }

    private static async Task<ReviewScope> ScopeAsync(TriageSweep sweep, CancellationToken cancellationToken) =>
        new(sweep.Sweep.Id, sweep.Project, sweep.Report.Platform, sweep.Findings, await sweep.SnapshotAsync(cancellationToken));
}

internal sealed record DecisionRequest(IReadOnlyList<string>? FindingKeys, Core.Platforms.DecisionVerdict? Verdict, bool ApplySuggestion);

internal sealed record DecisionResults(IReadOnlyList<DecisionResult> Results);

internal sealed record NeedsReviewRequest(IReadOnlyList<string>? AnnotationKeys);

internal sealed record NeedsReviewResults(IReadOnlyList<NeedsReviewResult> Results);
