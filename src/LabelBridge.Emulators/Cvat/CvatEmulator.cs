using System.Text;
using LabelBridge.Emulators.Cvat.Endpoints;
using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.Cvat.Model;
using LabelBridge.Emulators.Cvat.Webhooks;
using LabelBridge.Emulators.Recording;
using LabelBridge.Emulators.Wsgi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LabelBridge.Emulators.Cvat;

/// <summary>A CVAT server on loopback, faithful to CVAT 2.52's REST contract for the calls LabelBridge makes.</summary>
/// <remarks>Same paths, query parameters, status codes, pagination and JSON field names as CVAT, token auth,
/// <c>X-Organization</c> scoping, generated frame images, and faults on demand for reliability tests.</remarks>
public sealed class CvatEmulator : IAsyncDisposable
{
    private const string NotProvided = "Authentication credentials were not provided.";

    /// <summary>Django REST framework's PermissionDenied default: CVAT's policy enforcer keeps the reason
    /// ("Access token is read only") to itself and answers with this.</summary>
    private const string PermissionDenied = "You do not have permission to perform this action.";

    private readonly WebApplication app;
    private readonly List<RecordedRequest> requests = [];
    private readonly ConcurrencyGauge concurrency = new();

    private readonly CvatWebhookDispatcher webhooks;
    private readonly List<(string PathContains, Action<CvatModel> Change)> afterRequest = [];

    private CvatEmulator(WebApplication app, CvatModel model, EmulatorFaults faults, CvatEmulatorOptions options)
    {
        this.app = app;
        webhooks = new CvatWebhookDispatcher(app.Services.GetRequiredService<IHttpClientFactory>());
        Model = model;
        Faults = faults;
        Options = options;
    }

    public CvatModel Model { get; }

    public EmulatorFaults Faults { get; }

    public CvatEmulatorOptions Options { get; }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A personal access token the server accepts as <c>Authorization: Bearer</c>.</summary>
    public string AccessToken => Options.AccessToken;

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

    public static async Task<CvatEmulator> StartAsync(CvatEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CvatEmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}"));
        builder.Services.AddHttpClient();
        var model = new CvatModel();
        var faults = new EmulatorFaults();
        var app = builder.Build();
        var emulator = new CvatEmulator(app, model, faults, options);

        if (options.ReadBodiesByContentLengthOnly)
        {
            app.Use(ContentLengthBodies.ApplyAsync);
        }

        app.Use(emulator.RecordAsync);
        app.Use(emulator.ApplyFaultsAsync);
        app.Use(emulator.AuthenticateAsync);
        var api = new CvatApiContext(model, options, faults, emulator.webhooks);
        ServerEndpoints.Map(app, api);
        ProjectEndpoints.Map(app, api);
        JobEndpoints.Map(app, api, faults);
        IssueEndpoints.Map(app, api);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return emulator;
    }

    /// <summary>Runs <paramref name="change"/> once, right after the next request whose path contains
    /// <paramref name="pathContains"/> was answered: something a person does in CVAT between two of LabelBridge's requests.</summary>
    public void AfterNextRequest(string pathContains, Action<CvatModel> change)
    {
        lock (afterRequest)
        {
            afterRequest.Add((pathContains, change));
        }
    }

    /// <summary>Registers a project webhook (CVAT's <c>POST /api/webhooks</c>, type project) delivering <paramref name="events"/>.</summary>
    public EmulatedWebhook AddWebhook(long projectId, Uri targetUrl, string secret, params string[] events) =>
        webhooks.Add(projectId, targetUrl, secret, events);

    /// <summary>Every webhook delivery made so far, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => webhooks.Deliveries;

    /// <summary>The most requests the server was answering at the same moment so far.</summary>
    public int MaxConcurrentRequests => concurrency.Highest;

    /// <summary>Starts counting <see cref="MaxConcurrentRequests"/> afresh, e.g. after the reads before a write-back.</summary>
    public void ResetMaxConcurrentRequests() => concurrency.Reset();

    /// <summary>Requests to <c>/api/</c> only, for conformance checks.</summary>
    public IReadOnlyList<RecordedRequest> ApiRequests() => [.. Requests.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await webhooks.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var body = await RequestCapture.BodyAsync(context.Request, context.RequestAborted);
        var query = RequestCapture.Query(context.Request);
        var organization = context.Request.Headers.TryGetValue("X-Organization", out var org) ? org.ToString() : null;
        lock (requests)
        {
            requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", query, body, organization));
        }

        await concurrency.RunAsync(() => next(context));

        RunAfterRequestActions(context.Request.Path.Value ?? "");
    }

    private void RunAfterRequestActions(string path)
    {
        Action<CvatModel>? change = null;
        lock (afterRequest)
        {
            var index = afterRequest.FindIndex(a => path.Contains(a.PathContains, StringComparison.Ordinal));
            if (index >= 0)
            {
                change = afterRequest[index].Change;
                afterRequest.RemoveAt(index);
            }
        }

        change?.Invoke(Model);
    }

    private Task ApplyFaultsAsync(HttpContext context, RequestDelegate next) =>
        FaultMiddleware.ApplyAsync(context, next, Faults, "Sign in", (http, status) => CvatJson.WriteAsync(http, status, new { Detail = $"Emulated fault {status}." }));

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var detail = AuthenticationProblem(authorization);
        var anonymousAllowed = path == "/api/server/about" && detail == NotProvided;
        if (detail is not null && !anonymousAllowed)
        {
            context.Response.Headers.WWWAuthenticate = "Token";
            await CvatJson.WriteAsync(context, StatusCodes.Status401Unauthorized, new { Detail = detail });
            return;
        }

        context.Items[CvatApiContext.UserItem] = authorization == $"Bearer {Options.ReviewerAccessToken}" ? 2L : 1L;
        if (ReadOnlyTokenWrite(context.Request, authorization))
        {
            await CvatJson.WriteAsync(context, StatusCodes.Status403Forbidden, new { Detail = PermissionDenied });
            return;
        }

        await next(context);
    }

    /// <summary>CVAT's AccessTokenReadOnlyDefaultPermission (cvat/apps/access_tokens/permissions.py) refuses every method
    /// outside SAFE_METHODS when the request is authenticated with a read-only access token, whatever the endpoint.</summary>
    private bool ReadOnlyTokenWrite(HttpRequest request, string authorization) =>
        Options.AccessTokenReadOnly
        && authorization == $"Bearer {Options.AccessToken}"
        && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));

    /// <summary>Django REST framework ignores credentials of a scheme it does not know, so they count as none; known
    /// schemes with wrong credentials are refused even on endpoints open to anonymous users (like /api/server/about).</summary>
    private string? AuthenticationProblem(string authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return NotProvided;
        }

        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? authorization : authorization[..space];
        var value = space < 0 ? "" : authorization[(space + 1)..];
        return scheme switch
        {
            "Bearer" when Options.AcceptsAccessTokens => value == Options.AccessToken || value == Options.ReviewerAccessToken ? null : "Invalid token.",
            "Token" => value == Options.LegacyKey ? null : "Invalid token.",
            "Basic" => value == Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.Username}:{Options.Password}"))
                ? null
                : "Invalid username/password.",
            _ => NotProvided,
        };
    }
}
