using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.MlBackend;
using LabelBridge.LabelStudio.WriteBack;
using LabelBridge.Platforms.Bodies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>What Label Studio calls: the ML backend protocol (so LabelBridge can be connected under a project's Model
/// settings) and the webhook receiver that asks for incremental sweeps.</summary>
public static class LabelStudioEndpoints
{
    public const string MlBackendPrefix = "/ml-backend/label-studio/{platformName}";
    public const string WebhookPattern = "/webhooks/label-studio/{platformName}";

    /// <summary>Largest <c>/predict</c> body. Label Studio's "Retrieve predictions" sends every selected task in one
    /// request (480 tasks are about 1.1 MB), so Web.MaxWebhookBytes and the host's 1 MiB cap are too small for it.</summary>
    public const long MaxPredictBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapLabelStudioEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var ml = endpoints.MapGroup(MlBackendPrefix);
        ml.MapGet("/health", Health);
        ml.MapGet("/", Health);
        ml.MapGet("/metrics", () => TypedResults.Ok(new JsonObject()));

        // label_studio/ml/api_connector.py get_versions: Label Studio lists the backend's model versions from here.
        ml.MapGet("/versions", Versions);
        ml.MapPost("/setup", SetupAsync);
        ml.MapPost("/predict", PredictAsync);
        ml.MapPost("/webhook", (string platformName, HttpContext context, CancellationToken cancellationToken) =>
            WebhookAsync(platformName, context, mlBackend: true, cancellationToken));
        endpoints.MapPost(WebhookPattern, (string platformName, HttpContext context, CancellationToken cancellationToken) =>
            WebhookAsync(platformName, context, mlBackend: false, cancellationToken));
        return endpoints;
    }

    private static IResult Health(string platformName, IOptions<PlatformsOptions> platforms) =>
        FindPlatform(platforms, platformName) is null
            ? UnknownPlatform(platformName)
            : TypedResults.Ok(new JsonObject { ["status"] = "UP", ["model_class"] = "LabelBridge", ["model_version"] = PredictionRegions.ModelVersion });

    private static IResult Versions(string platformName, IOptions<PlatformsOptions> platforms) =>
        FindPlatform(platforms, platformName) is null
            ? UnknownPlatform(platformName)
            : TypedResults.Ok(new JsonObject { ["versions"] = new JsonArray(PredictionRegions.ModelVersion) });

    private static async Task<IResult> SetupAsync(string platformName, HttpContext context, CancellationToken cancellationToken)
    {
        var (platform, body, refusal) = await ReceiveAsync(platformName, context, allowBasicAuth: true, bodyLimit: null, cancellationToken);
        using var _ = body;
        if (refusal is not null)
        {
            return refusal;
        }

        return body is null
            ? TypedResults.Problem("The body is not JSON or is too large.", statusCode: StatusCodes.Status400BadRequest)
            : TypedResults.Ok(new JsonObject { ["model_version"] = PredictionRegions.ModelVersion, ["platform"] = platform.Name });
    }

    private static async Task<IResult> PredictAsync(string platformName, HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxPredictBytes;
        }

        var (platform, body, refusal) = await ReceiveAsync(platformName, context, allowBasicAuth: true, MaxPredictBytes, cancellationToken);
        using var _ = body;
        if (refusal is not null)
        {
            return refusal;
        }

        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem("The body must be a JSON object with a \"tasks\" array.", statusCode: StatusCodes.Status400BadRequest);
        }

        var predictor = context.RequestServices.GetRequiredService<MlBackendPredictor>();
        return TypedResults.Ok(await predictor.PredictAsync(platform, body.RootElement, cancellationToken));
    }

    /// <param name="platformName">The configured platform the route names.</param>
    /// <param name="context">The request.</param>
    /// <param name="mlBackend">The ML backend's <c>/webhook</c>: basic auth is accepted and the answer is 201, as label-studio-ml-backend does.</param>
    /// <param name="cancellationToken">The request's token.</param>
    private static async Task<IResult> WebhookAsync(string platformName, HttpContext context, bool mlBackend, CancellationToken cancellationToken)
    {
        var (platform, body, refusal) = await ReceiveAsync(platformName, context, allowBasicAuth: mlBackend, bodyLimit: null, cancellationToken);
        using var _ = body;
        if (refusal is not null)
        {
            return refusal;
        }

        var webhook = body is null ? null : WebhookEvent.Parse(body.RootElement);
        if (webhook is null)
        {
            return TypedResults.Problem("The body is not a Label Studio webhook payload (a JSON object with an \"action\").", statusCode: StatusCodes.Status400BadRequest);
        }

        // Answered before anything calls Label Studio back: it waits one second for the answer (WebhookBacklog).
        var concerned = context.RequestServices.GetRequiredService<WebhookSweeps>().Concerned(platform, webhook);
        if (concerned.Count > 0 && !context.RequestServices.GetRequiredService<WebhookBacklog>().TryQueue(platform, webhook, concerned))
        {
            return TypedResults.Problem($"More than {WebhookBacklog.Capacity} webhook events are waiting; this one was not taken.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var answer = new JsonObject
        {
            ["action"] = webhook.Action,
            ["sweeps_queued"] = new JsonArray(concerned.Select(p => (JsonNode)p).ToArray()),
        };
        return mlBackend ? TypedResults.Json(answer, statusCode: StatusCodes.Status201Created) : TypedResults.Ok(answer);
    }

    /// <summary>The platform and the JSON body of an authorised delivery within Web.MaxWebhookBytes (the body is null
    /// when it is not JSON), or the refusal to answer with.</summary>
    private static async Task<(PlatformOptions Platform, JsonDocument? Body, IResult? Refusal)> ReceiveAsync(
        string platformName, HttpContext context, bool allowBasicAuth, long? bodyLimit, CancellationToken cancellationToken)
    {
        var (platform, refusal) = Authorize(platformName, context, allowBasicAuth);
        if (refusal is not null)
        {
            return (platform!, null, refusal);
        }

        var limit = bodyLimit ?? context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.MaxWebhookBytes;
        var (body, tooLarge) = await ReadJsonAsync(context, limit, cancellationToken);
        return tooLarge ? (platform!, null, TooLarge(platform!, context, bodyLimit is null ? "Web.MaxWebhookBytes" : $"{limit} bytes")) : (platform!, body, null);
    }

    private static (PlatformOptions? Platform, IResult? Refusal) Authorize(string platformName, HttpContext context, bool allowBasicAuth)
    {
        var platform = FindPlatform(context.RequestServices.GetRequiredService<IOptions<PlatformsOptions>>(), platformName);
        if (platform is null)
        {
            return (null, UnknownPlatform(platformName));
        }

        var reason = context.RequestServices.GetRequiredService<SharedSecretCheck>().Refuse(platform, context.Request, allowBasicAuth);
        if (reason is null)
        {
            return (platform, null);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LabelStudioEndpoints));
        Log.WebhookRejected(logger, platform.Name, reason);
        return (platform, TypedResults.Problem(reason, statusCode: StatusCodes.Status401Unauthorized, title: "Not authorized"));
    }

    private static PlatformOptions? FindPlatform(IOptions<PlatformsOptions> platforms, string platformName) =>
        platforms.Value.Find(platformName) is { Kind: PlatformKind.LabelStudio } platform ? platform : null;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownPlatform(string platformName) =>
        TypedResults.Problem($"No Label Studio platform named '{platformName}' is configured.", statusCode: StatusCodes.Status404NotFound);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(PlatformOptions platform, HttpContext context, string limit)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LabelStudioEndpoints));
        Log.WebhookRejected(logger, platform.Name, $"body larger than {limit}");
        return TypedResults.Problem($"The body is larger than {limit}.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Delivery too large");
    }

    /// <summary>The body as JSON (null when it is not JSON), or <c>TooLarge</c> when it exceeds <paramref name="limit"/>.</summary>
    private static async Task<(JsonDocument? Document, bool TooLarge)> ReadJsonAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        var read = await BoundedRead.ReadAsync(context.Request.Body, context.Request.ContentLength, BodyReadLimits.SizeOnly(limit), TimeProvider.System, cancellationToken);
        if (read.Bytes is not { } bytes)
        {
            return (null, read.Failure == BodyReadFailure.TooLarge);
        }

        try
        {
            return (JsonDocument.Parse(bytes), false);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
