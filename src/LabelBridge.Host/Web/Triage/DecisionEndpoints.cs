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
        long sweepId, DecisionRequest body, TriageSweeps sweeps, TriageDecisions decisions, CancellationToken cancellationToken)
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
        return TypedResults.Ok(new DecisionResults(await decisions.DecideAsync(sweep, keys, verdict, body.ApplySuggestion, cancellationToken)));
    }

    private static async Task<Results<Ok<NeedsReviewResults>, ProblemHttpResult>> NeedsReviewAsync(
        long sweepId, NeedsReviewRequest body, TriageSweeps sweeps, TriageDecisions decisions, CancellationToken cancellationToken)
    {
        var (sweep, problem) = await sweeps.LoadAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return TypedResults.Problem(problem!);
        }

        var keys = (body.AnnotationKeys ?? []).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new NeedsReviewResults(await decisions.FlagAsync(sweep, keys, cancellationToken)));
    }
}

internal sealed record DecisionRequest(IReadOnlyList<string>? FindingKeys, Core.Platforms.DecisionVerdict? Verdict, bool ApplySuggestion);

internal sealed record DecisionResults(IReadOnlyList<DecisionResult> Results);

/// <summary>What happened to one finding key.</summary>
/// <param name="FindingKey">The key as sent.</param>
/// <param name="Outcome"><c>dismissed</c>, <c>confirmed</c>, <c>not-found</c> or <c>failed</c>.</param>
/// <param name="Message">A sentence for the reviewer.</param>
internal sealed record DecisionResult(string FindingKey, string Outcome, string Message);

internal sealed record NeedsReviewRequest(IReadOnlyList<string>? AnnotationKeys);

internal sealed record NeedsReviewResults(IReadOnlyList<NeedsReviewResult> Results);

/// <summary>What happened to one selected annotation.</summary>
/// <param name="AnnotationKey">The key as sent.</param>
/// <param name="Outcome"><c>marked</c>, <c>already-marked</c>, <c>not-found</c> or <c>failed</c>.</param>
/// <param name="MarkerId">The platform's id of the marker (CVAT issue, Label Studio prediction).</param>
/// <param name="Message">A sentence for the reviewer.</param>
internal sealed record NeedsReviewResult(string AnnotationKey, string Outcome, string? MarkerId, string Message);
