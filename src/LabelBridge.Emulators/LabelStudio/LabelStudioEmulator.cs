using LabelBridge.Emulators.LabelStudio.Endpoints;
using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.LabelStudio.Model;
using LabelBridge.Emulators.LabelStudio.Webhooks;
using LabelBridge.Emulators.Recording;
using LabelBridge.Emulators.Wsgi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LabelBridge.Emulators.LabelStudio;

/// <summary>A Label Studio server on loopback, faithful to the open-source edition's REST contract for the calls LabelBridge makes.</summary>
/// <remarks>Same paths (with their trailing slashes), pagination, status codes and JSON field names as Label Studio; legacy
/// <c>Token</c> keys and personal access tokens (JWT refresh → short-lived access tokens that expire on the injected clock);
/// uploaded images under <c>/data/upload/</c>; faults on demand for reliability tests.</remarks>
public sealed class LabelStudioEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly JwtTokens tokens;
    private readonly List<RecordedRequest> requests = [];
    private LabelStudioWebhookSender? webhooks;
    private readonly ConcurrencyGauge concurrency = new();

    private LabelStudioEmulator(WebApplication app, LabelStudioModel model, JwtTokens tokens, LabelStudioEmulatorOptions options)
    {
        this.app = app;
        this.tokens = tokens;
        Model = model;
        Options = options;
    }

    public LabelStudioModel Model { get; }

    public EmulatorFaults Faults { get; } = new();

    /// <summary>How image requests were answered: downloads and 304 revalidations.</summary>
    public ImageRequestCounts Images { get; } = new();

    public LabelStudioEmulatorOptions Options { get; }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A legacy API key, sent as <c>Authorization: Token</c>.</summary>
    public string LegacyToken => Options.LegacyToken;

    /// <summary>A personal access token (a JWT with token_type "refresh") to exchange at <c>api/token/refresh/</c>.</summary>
    public string PersonalAccessToken { get; private set; } = "";

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<LabelStudioEmulator> StartAsync(LabelStudioEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LabelStudioEmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpClient();
        var app = builder.Build();
        var model = new LabelStudioModel(options.TimeProvider);
        var tokens = new JwtTokens(options.TimeProvider);
        var emulator = new LabelStudioEmulator(app, model, tokens, options);
        emulator.webhooks = new LabelStudioWebhookSender(app.Services.GetRequiredService<IHttpClientFactory>(), model, options.WebhookTimeout);

        if (options.ReadBodiesByContentLengthOnly)
        {
            app.Use(ContentLengthBodies.ApplyAsync);
        }

        app.Use(emulator.RecordAsync);
        app.Use(emulator.ApplyFaultsAsync);
        app.Use(emulator.AuthenticateAsync);
        ServerEndpoints.Map(app, model, tokens, options);
        ProjectEndpoints.Map(app, model);
        TaskEndpoints.Map(app, model, emulator.Faults);
        AnnotationEndpoints.Map(app, model);
        PredictionEndpoints.Map(app, model);
        ViewEndpoints.Map(app, model, options);
        DataEndpoints.Map(app, model, emulator.Faults, options, emulator.Images);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        emulator.PersonalAccessToken = tokens.Issue("refresh", model.UserId, options.RefreshTokenLifetime);
        return emulator;
    }

    /// <summary>Issues another personal access token with its own lifetime (e.g. an already expired one).</summary>
    public string IssuePersonalAccessToken(TimeSpan lifetime) => tokens.Issue("refresh", Model.UserId, lifetime);

    /// <summary>Every webhook request sent so far, oldest first.</summary>
    public IReadOnlyList<LabelStudioWebhookDelivery> WebhookDeliveries => webhooks!.Deliveries;

    /// <summary>An annotator submits an annotation on <paramref name="taskId"/>: it is saved and ANNOTATION_CREATED is sent
    /// to the project's webhooks before this returns, as Label Studio does inside the submitting request.</summary>
    public Task<IReadOnlyList<LabelStudioWebhookDelivery>> AnnotateAsync(long taskId, System.Text.Json.Nodes.JsonArray result, long completedBy = 2, CancellationToken cancellationToken = default) =>
        webhooks!.AnnotateAsync(taskId, result, completedBy, cancellationToken);

    /// <summary>The most requests the server was answering at the same moment so far.</summary>
    public int MaxConcurrentRequests => concurrency.Highest;

    /// <summary>Starts counting <see cref="MaxConcurrentRequests"/> afresh, e.g. after the reads before a write-back.</summary>
    public void ResetMaxConcurrentRequests() => concurrency.Reset();

    /// <summary>Requests to <c>/api/</c> only, for conformance checks.</summary>
    public IReadOnlyList<RecordedRequest> ApiRequests() => [.. Requests.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var body = await RequestCapture.BodyAsync(context.Request, context.RequestAborted);
        var query = RequestCapture.Query(context.Request);
        var authorization = context.Request.Headers.Authorization.ToString();
        var scheme = authorization.Length == 0 ? null : authorization.Split(' ')[0];
        lock (requests)
        {
            requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", query, body, scheme));
        }

        await concurrency.RunAsync(() => next(context));
    }

    private Task ApplyFaultsAsync(HttpContext context, RequestDelegate next) =>
        FaultMiddleware.ApplyAsync(context, next, Faults, "Label Studio", (http, status) => Render.DetailAsync(http, status, FaultDetail(status)));

    /// <summary>The detail Django REST framework's exceptions carry (rest_framework/exceptions.py: NotAuthenticated,
    /// AuthenticationFailed for a bad token, PermissionDenied, Throttled), which label_studio/core/utils/common.py
    /// custom_exception_handler passes on as <c>detail</c>.</summary>
    private static string FaultDetail(int status) => status switch
    {
        401 => "Invalid token.",
        403 => "You do not have permission to perform this action.",
        429 => "Request was throttled.",
        _ => "A server error occurred.",
    };

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        var open = path is "/api/version/" or "/api/token/refresh/";
        if (open || !(path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/data/", StringComparison.Ordinal)))
        {
            await next(context);
            return;
        }

        var problem = AuthenticationProblem(context.Request.Headers.Authorization.ToString());
        if (problem is not null)
        {
            context.Response.Headers.WWWAuthenticate = Options.LegacyTokensEnabled ? "Token" : "Bearer realm=\"api\"";
            await Render.WriteAsync(context, StatusCodes.Status401Unauthorized, problem);
            return;
        }

        await next(context);
    }

    private System.Text.Json.Nodes.JsonObject? AuthenticationProblem(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? authorization : authorization[..space];
        var value = space < 0 ? "" : authorization[(space + 1)..];
        return scheme switch
        {
            "Bearer" => tokens.Validate(value, "access") is null
                ? new() { ["detail"] = "Given token not valid for any token type", ["code"] = "token_not_valid" }
                : null,
            "Token" when !Options.LegacyTokensEnabled =>
                new() { ["detail"] = "Authentication token no longer valid: legacy token authentication has been disabled for this organization" },
            "Token" => value == Options.LegacyToken ? null : new() { ["detail"] = "Invalid token." },
            _ => new() { ["detail"] = "Authentication credentials were not provided." },
        };
    }
}
