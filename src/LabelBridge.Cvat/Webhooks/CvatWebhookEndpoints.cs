using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Platforms.Bodies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>Receives CVAT webhook deliveries and turns a verified one into sweep requests for the projects it concerns.</summary>
public static class CvatWebhookEndpoints
{
    public const string Route = "/webhooks/cvat/{platformName}";

    /// <summary>Maps <c>POST /webhooks/cvat/{platformName}</c>. Deliveries must carry a valid <c>X-Signature-256</c>
    /// made with the platform's <c>WebhookSecret</c>; anything else is answered 401 and logged.</summary>
    public static RouteHandlerBuilder MapCvatWebhooks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(Route, ReceiveAsync);
    }

    private static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> ReceiveAsync(
        string platformName, HttpContext context, IOptions<WebOptions> web, ProjectCatalog catalog, ISweepRequester sweeps, ILoggerFactory loggers,
        CvatWebhookRouter router, WebhookReplayGuard replays, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CvatWebhookEndpoints));
        var platform = catalog.FindPlatform(platformName);
        if (platform is null || platform.Kind != PlatformKind.Cvat)
        {
            Log.WebhookRejected(logger, platformName, "no CVAT platform of that name is configured");
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown CVAT platform", detail: $"No CVAT platform named '{platformName}' is configured.");
        }

        var body = await ReadBodyAsync(context.Request, web.Value.MaxWebhookBytes, cancellationToken);
        if (body is null)
        {
            Log.WebhookRejected(logger, platform.Name, "body larger than Web.MaxWebhookBytes");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Delivery too large");
        }

        var resolver = context.RequestServices.GetService<SecretResolver>() ?? new SecretResolver();
        var secret = resolver.TryResolve(platform.WebhookSecret, out var secretProblem);
        if (secret is null)
        {
            Log.WebhookRejected(logger, platform.Name, $"WebhookSecret is not available ({secretProblem})");
            return Unauthorized();
        }

        var signature = context.Request.Headers[WebhookSignature.Header].ToString();
        if (string.IsNullOrEmpty(signature))
        {
            Log.WebhookRejected(logger, platform.Name, $"missing {WebhookSignature.Header} header");
            return Unauthorized();
        }

        if (!WebhookSignature.IsValid(signature, body, secret.Reveal()))
        {
            Log.WebhookRejected(logger, platform.Name, $"{WebhookSignature.Header} does not match the body: check the secret registered in CVAT equals WebhookSecret");
            return Unauthorized();
        }

        var payload = WebhookPayload.TryParse(body);
        if (payload is null)
        {
            Log.WebhookRejected(logger, platform.Name, "body is not a CVAT webhook payload");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a CVAT webhook payload");
        }

        if (payload.IsPing)
        {
            Log.WebhookAccepted(logger, payload.Event, platform.Name, "(none)", 0);
            return TypedResults.Ok(new WebhookReceipt(payload.Event, []));
        }

        var window = web.Value.WebhookMaxAge;
        if (replays.Refusal(platform.Name, body, payload, window) is { } replay)
        {
            // Answered 200: CVAT retries a delivery whose answer timed out, and that retry is not a failure.
            Log.WebhookReplayed(logger, payload.Event, platform.Name, replay);
            return TypedResults.Ok(new WebhookReceipt(payload.Event, [], $"no sweep requested: {replay}"));
        }

        var route = await router.RouteAsync(platform, payload, cancellationToken);
        if (route.OwnWrite)
        {
            Log.WebhookOwnWrite(logger, payload.Event, platform.Name);
            return TypedResults.Ok(new WebhookReceipt(payload.Event, [], "caused by LabelBridge's own write"));
        }

        if (route.ProjectId is null)
        {
            Log.WebhookUnrouted(logger, payload.Event, platform.Name, route.Problem ?? "no project");
            return TypedResults.Ok(new WebhookReceipt(payload.Event, [], route.Problem));
        }

        var projects = catalog.OnPlatform(platform.Name, route.ProjectId);
        foreach (var project in projects)
        {
            await sweeps.RequestSweepAsync(project.Name, "webhook", cancellationToken);
        }

        replays.Remember(platform.Name, body, window);
        Log.WebhookAccepted(logger, payload.Event, platform.Name, route.ProjectId, projects.Count);
        return TypedResults.Ok(new WebhookReceipt(payload.Event, [.. projects.Select(p => p.Name)]));
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature");

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (announced or sent) or broke off.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        (await BoundedRead.ReadAsync(request.Body, request.ContentLength, BodyReadLimits.SizeOnly(limit), TimeProvider.System, cancellationToken)).Bytes;
}

/// <summary>What a delivery led to: the event, the configured projects a sweep was requested for, and why none when none.</summary>
public sealed record WebhookReceipt(string Event, IReadOnlyList<string> SweepsRequested, string? Note = null);
