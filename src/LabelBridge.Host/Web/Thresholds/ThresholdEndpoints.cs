using LabelBridge.Core.Thresholds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web.Thresholds;

/// <summary>Threshold preview and an admin's overrides (token-guarded like the rest of <c>/api</c>).</summary>
internal static class ThresholdEndpoints
{
    public static RouteGroupBuilder MapThresholdEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{project}/thresholds", PreviewAsync)
            .WithSummary("Per threshold: configured value, override, score histogram of the latest sweep and how many findings each value would write");
        api.MapPut("/projects/{project}/thresholds/{name}", SetAsync)
            .WithSummary("Override a threshold from the next sweep on; validated like the configuration; records who and when");
        api.MapDelete("/projects/{project}/thresholds/{name}", ClearAsync)
            .WithSummary("Remove an override, so the configured value applies again from the next sweep");
        return api;
    }

    private static async Task<Results<Ok<ThresholdPreview>, ProblemHttpResult>> PreviewAsync(
        string project, [FromQuery] double[]? at, ThresholdPreviewer previewer, CancellationToken cancellationToken)
    {
        var result = await previewer.PreviewAsync(project, at, cancellationToken);
        return result.Preview is { } preview ? TypedResults.Ok(preview) : Problem(result.Refusal, result.Problem);
    }

    private static async Task<Results<Ok<ThresholdOverride>, ProblemHttpResult>> SetAsync(
        string project, string name, ThresholdOverrideRequest body, ThresholdSettings settings, CancellationToken cancellationToken)
    {
        if (body.Value is not { } value)
        {
            return TypedResults.Problem(new ProblemDetails { Title = "Say value: a number.", Status = 400 });
        }

        var change = await settings.SetAsync(project, name, value, body.By is null ? "" : $"{body.By.Trim()} (api)", cancellationToken);
        return change.Override is { } stored ? TypedResults.Ok(stored) : Problem(change.Refusal, change.Problem);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearAsync(
        string project, string name, ThresholdSettings settings, CancellationToken cancellationToken)
    {
        var change = await settings.ClearAsync(project, name, cancellationToken);
        return change.Refusal is null ? TypedResults.NoContent() : Problem(change.Refusal, change.Problem);
    }

    private static ProblemHttpResult Problem(ThresholdRefusal? refusal, string? problem) =>
        TypedResults.Problem(new ProblemDetails { Title = problem, Status = refusal == ThresholdRefusal.UnknownProject ? 404 : 400 });
}

/// <summary>A new value for one threshold and who sets it.</summary>
internal sealed record ThresholdOverrideRequest(double? Value, string? By);
