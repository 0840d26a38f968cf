using System.Net;
using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Auth;
using LabelBridge.Platforms;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace LabelBridge.LabelStudio.Api;

/// <summary>Every call to one Label Studio server goes through here: credentials, retries that honour Retry-After,
/// a circuit breaker, per-attempt timeouts, and the translation of outages and refused credentials into <see cref="PlatformUnavailableException"/>.</summary>
/// <remarks>The breaker counts attempts to the server itself (5xx, 408, dropped connections, timeouts; not 429, a live
/// server asking to wait): when at least 12 attempts in the last 10 s were made and 60% of them failed, it opens for <see cref="PlatformOptions.CircuitBreakDuration"/> and
/// every call fails at once, so a sweep pauses instead of hammering a server that is down or skipping every image as
/// unreadable. Images on other allowed hosts go around the breaker: a slow image host is not a Label Studio outage.</remarks>
internal sealed class LabelStudioClient
{
    private readonly ILabelStudioApi api;
    private readonly HttpClient images;
    private readonly LabelStudioCredentials credentials;
    private readonly ResiliencePipeline pipeline;
    private readonly ResiliencePipeline otherHostPipeline;
    private readonly TimeSpan breakDuration;
    private readonly int attempts;
    private readonly ILogger logger;
    private readonly SemaphoreSlim inFlight;

    /// <param name="platform">The server's settings.</param>
    /// <param name="http">The API's client, with the server's base address.</param>
    /// <param name="images">The image client: it must not follow redirects (the image fetcher checks every hop).</param>
    /// <param name="credentials">The server's credentials.</param>
    /// <param name="pipelines">The transport's pipelines, shared by every connector of the platform.</param>
    /// <param name="gates">The transport's per-platform concurrency gates.</param>
    /// <param name="timeProvider">Time for body-read deadlines.</param>
    /// <param name="logger">Where token renewals are logged.</param>
    public LabelStudioClient(
        PlatformOptions platform,
        HttpClient http,
        HttpClient images,
        LabelStudioCredentials credentials,
        PlatformPipelines pipelines,
        PlatformGates gates,
        TimeProvider timeProvider,
        ILogger logger)
    {
        this.images = images;
        Platform = platform.Name;
        BaseUrl = platform.Url ?? throw PlatformErrors.MissingUrl(platform);
        Http = http;
        TimeProvider = timeProvider;
        this.credentials = credentials;
        this.logger = logger;
        inFlight = gates.For(platform);
        api = RestService.For<ILabelStudioApi>(http, PlatformRefitSettings.Create(LabelStudioJson.Options, platform));
        breakDuration = PlatformPipelines.BreakDuration(platform);
        attempts = pipelines.Retry.MaxRetries + 1;
        pipeline = pipelines.For(platform);
        otherHostPipeline = pipelines.For(platform, withBreaker: false);
    }

    public string Platform { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Calls the API with credentials and retries. Returns the answer whatever its status, except that outages,
    /// HTML pages and refused credentials throw <see cref="PlatformUnavailableException"/>.</summary>
    public async Task<TResponse> SendAsync<TResponse>(
        string operation,
        Func<ILabelStudioApi, string, CancellationToken, Task<TResponse>> call,
        CancellationToken cancellationToken)
        where TResponse : IApiResponse
    {
        var authorization = await AuthorizeAsync(null, cancellationToken);
        var response = await ExecuteAsync(operation, token => call(api, authorization, token), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && credentials.UsesAccessTokens)
        {
            response.Dispose();
            authorization = await AuthorizeAsync(authorization, cancellationToken);
            response = await ExecuteAsync(operation, token => call(api, authorization, token), cancellationToken);
        }

        ThrowIfUnusable(operation, response);
        return response;
    }

    /// <summary>Like <see cref="SendAsync{TResponse}"/>, and the body must be there: anything but 2xx is an outage.</summary>
    public async Task<T> RequireAsync<T>(
        string operation,
        Func<ILabelStudioApi, string, CancellationToken, Task<IApiResponse<T>>> call,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, call, cancellationToken);
        if (!response.IsSuccessStatusCode || response.Content is null)
        {
            throw Unavailable($"{operation} answered {StatusOf(response)} {response.ReasonPhrase}{DetailOf(response)}.");
        }

        return response.Content;
    }

    /// <summary>Sends a raw request (image bytes), with credentials when <paramref name="withCredentials"/>; a redirect is
    /// returned as it is, not followed.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(Uri url, bool withCredentials, CancellationToken cancellationToken)
    {
        var authorization = withCredentials ? await AuthorizeAsync(null, cancellationToken) : null;
        var response = withCredentials
            ? await ExecuteAsync("image", token => images.SendAsync(NewGet(url, authorization), HttpCompletionOption.ResponseHeadersRead, token), cancellationToken)
            : await ExecuteAsync("image", token => images.SendAsync(NewGet(url, null), HttpCompletionOption.ResponseHeadersRead, token), otherHostPipeline, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && withCredentials && credentials.UsesAccessTokens)
        {
            response.Dispose();
            authorization = await AuthorizeAsync(authorization, cancellationToken);
            response = await ExecuteAsync("image", token => images.SendAsync(NewGet(url, authorization), HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);
        }

        return response;
    }

    /// <summary>Runs <paramref name="work"/> under the retry and timeout pipeline (for reads that must be retried as a whole).</summary>
    public async Task<T> RetryAsync<T>(string operation, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        await ExecuteAsync(operation, work, cancellationToken);

    public PlatformUnavailableException Unavailable(string message, Exception? inner = null) => new(Platform, message, inner);

    internal static string DetailOf(IApiResponse response)
    {
        var body = (response.Error as ApiException)?.Content;
        if (string.IsNullOrWhiteSpace(body) || body.Length > 2000)
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String
                ? $" ({detail.GetString()})"
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static HttpRequestMessage NewGet(Uri url, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    private Task<string> AuthorizeAsync(string? rejected, CancellationToken cancellationToken) =>
        credentials.GetAuthorizationAsync(RefreshAccessTokenAsync, rejected, cancellationToken);

    private async Task<string?> RefreshAccessTokenAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await ExecuteAsync(
            "api/token/refresh/",
            token => api.RefreshTokenAsync(new LsTokenRefreshRequest(refreshToken), token),
            cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            return null;
        }

        ThrowIfUnusable("api/token/refresh/", response);
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(response.Content?.Access))
        {
            throw Unavailable($"api/token/refresh/ answered {StatusOf(response)} without an access token; is this Label Studio 1.17 or newer? Older servers need a legacy API token with AuthScheme Token.");
        }

        Log.AccessTokenRenewed(logger, Platform);
        return response.Content.Access;
    }

    private Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, call, pipeline, cancellationToken);

    private async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, ResiliencePipeline through, CancellationToken cancellationToken)
    {
        await inFlight.WaitAsync(cancellationToken);
        try
        {
            return await through.ExecuteAsync(async token => await call(token), cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw Unavailable($"{operation} not sent: most recent requests to {BaseUrl.GetLeftPart(UriPartial.Authority)} failed, so LabelBridge stopped calling it for {breakDuration.TotalSeconds:0.#} s (CircuitBreakDuration); the sweep resumes on its next run.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Unavailable($"{operation} did not answer within the request timeout, {attempts} attempts: is the server overloaded? RequestTimeout can be raised.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable($"{operation} failed: cannot reach {BaseUrl.GetLeftPart(UriPartial.Authority)} ({ex.HttpRequestError}): check Url and that the server is running.", ex);
        }
        catch (ApiRequestException ex)
        {
            throw Unavailable($"{operation} failed: cannot reach {BaseUrl.GetLeftPart(UriPartial.Authority)}: check Url and that the server is running.", ex);
        }
        catch (ApiException ex)
        {
            throw Unavailable($"{operation} answered something that is not the Label Studio API ({(int)ex.StatusCode}): check that Url points at Label Studio.", ex);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private void ThrowIfUnusable(string operation, IApiResponse response)
    {
        if (response.HasRequestError(out var requestError))
        {
            throw Unavailable($"{operation} failed: cannot reach {BaseUrl.GetLeftPart(UriPartial.Authority)} after {attempts} attempts: check Url and that the server is running.", requestError);
        }

        var status = StatusOf(response);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && IsCredentialProblem(response))
        {
            throw Unavailable(AuthAdvice.Explain(response, credentials.UsesAccessTokens));
        }

        if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw Unavailable($"{operation} answered {status} {response.ReasonPhrase} after {attempts} attempts: Label Studio is failing or overloaded; the sweep can be retried later.");
        }

        var mediaType = response.ContentHeaders?.ContentType?.MediaType;
        if (response.IsSuccessStatusCode && mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            throw Unavailable($"{operation} answered an HTML page instead of JSON: Url must be Label Studio's base URL (e.g. https://ls.example.org), not a login page or proxy.");
        }

        if (response.IsSuccessStatusCode && BodyReadException.Of(response.Error) is { } refused)
        {
            throw Unavailable($"{refused.Describe($"the answer to {operation}")}.", response.Error);
        }

        if (response.IsSuccessStatusCode && response.Error is not null)
        {
            throw Unavailable($"{operation} answered JSON LabelBridge cannot read: check that Url points at Label Studio.", response.Error);
        }
    }

    private static bool IsCredentialProblem(IApiResponse response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || DetailOf(response).Contains("credentials", StringComparison.OrdinalIgnoreCase)
        || DetailOf(response).Contains("token", StringComparison.OrdinalIgnoreCase);

    internal static int StatusOf(IApiResponse response) => response.StatusCode is { } status ? (int)status : 0;
}
