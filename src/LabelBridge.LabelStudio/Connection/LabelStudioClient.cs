using System.Net;
using System.Runtime.ExceptionServices;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Auth;
using LabelBridge.Platforms;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace LabelBridge.LabelStudio.Connection;

/// <summary>Every call to one Label Studio server goes through here: credentials, retries that honour Retry-After,
/// a circuit breaker, per-attempt timeouts, and the translation of outages and refused credentials into <see cref="PlatformUnavailableException"/>.</summary>
/// <remarks>The breaker counts attempts to the server itself (5xx, 408, dropped connections, timeouts; not 429, a live
/// server asking to wait): when at least 12 attempts in the last 10 s were made and 60% of them failed, it opens for <see cref="PlatformOptions.CircuitBreakDuration"/> and
/// every call fails at once, so a sweep pauses instead of hammering a server that is down or skipping every image as
/// unreadable. Images on other allowed hosts go around the breaker: a slow image host is not a Label Studio outage.</remarks>
internal sealed class LabelStudioClient
{
    private readonly ILabelStudioApi api;
    private readonly ILabelStudioTokenApi tokenApi;
    private readonly HttpClient images;
    private readonly HttpClient platformImages;
    private readonly LabelStudioCredentials credentials;
    private readonly ResiliencePipeline pipeline;
    private readonly ResiliencePipeline otherHostPipeline;
    private readonly PlatformCallReporting reporting;
    private readonly int attempts;
    private readonly TimeSpan retryDelay;
    private readonly TimeSpan longestRetryAfter;
    private readonly ILogger logger;
    private readonly SemaphoreSlim inFlight;

    /// <param name="platform">The server's settings.</param>
    /// <param name="api">The transport's handler for API calls (pooled by the client factory, so not disposed here).</param>
    /// <param name="images">The transport's handler for images: it must not follow redirects (the image fetcher checks every hop).</param>
    /// <param name="credentials">The server's credentials, put on API calls and on images from the server's own host by
    /// a <see cref="LabelStudioAuthHandler"/>.</param>
    /// <param name="pipelines">The transport's pipelines, shared by every connector of the platform.</param>
    /// <param name="gates">The transport's per-platform concurrency gates.</param>
    /// <param name="timeProvider">Time for body-read deadlines.</param>
    /// <param name="logger">Where token renewals are logged.</param>
    public LabelStudioClient(
        PlatformOptions platform,
        HttpMessageHandler api,
        HttpMessageHandler images,
        LabelStudioCredentials credentials,
        PlatformPipelines pipelines,
        PlatformGates gates,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Platform = platform.Name;
        MaxConcurrentRequests = Math.Max(1, platform.MaxConcurrentRequests);
        BaseUrl = platform.Url ?? throw PlatformErrors.MissingUrl(platform);
        TimeProvider = timeProvider;
        this.credentials = credentials;
        this.logger = logger;
        inFlight = gates.For(platform);
        var refit = PlatformRefitSettings.Create(LabelStudioJson.Options, platform);
        this.api = RestService.For<ILabelStudioApi>(Client(new LabelStudioAuthHandler(credentials, RefreshAccessTokenAsync) { InnerHandler = api }, BaseUrl), refit);
        tokenApi = RestService.For<ILabelStudioTokenApi>(Client(api, BaseUrl), refit);
        this.images = Client(images, null);
        platformImages = Client(new LabelStudioAuthHandler(credentials, RefreshAccessTokenAsync) { InnerHandler = images }, null);
        attempts = pipelines.Retry.MaxRetries + 1;
        retryDelay = pipelines.Retry.BaseDelay;
        longestRetryAfter = pipelines.Retry.LongestRetryAfter;
        reporting = new PlatformCallReporting(
            $"Label Studio at {BaseUrl.GetLeftPart(UriPartial.Authority)}", platform.CircuitBreakDuration, platform.RequestTimeout, attempts, (message, inner) => Unavailable(message, inner));
        pipeline = pipelines.For(platform);
        otherHostPipeline = pipelines.For(platform, withBreaker: false);
    }

    public string Platform { get; }

    /// <summary>The platform's MaxConcurrentRequests: how many independent calls a loop (write-back) may have in flight.</summary>
    public int MaxConcurrentRequests { get; }

    public Uri BaseUrl { get; }

    /// <summary>How many times the transport tries a call (the first attempt and its retries).</summary>
    public int Attempts => attempts;

    /// <summary>The transport's base retry delay, doubled per attempt, for a caller that repeats a
    /// <see cref="SendOnceAsync{TResponse}"/> itself after finding out what landed.</summary>
    public TimeSpan RetryDelay(int attempt) => retryDelay * Math.Pow(2, Math.Max(0, attempt - 1));

    public TimeProvider TimeProvider { get; }

    /// <summary>Calls the API with credentials and retries. Returns the answer whatever its status, except that outages,
    /// HTML pages and refused credentials throw <see cref="PlatformUnavailableException"/>.</summary>
    public async Task<TResponse> SendAsync<TResponse>(
        string operation,
        Func<ILabelStudioApi, CancellationToken, Task<TResponse>> call,
        CancellationToken cancellationToken)
        where TResponse : IApiResponse
    {
        var response = await ExecuteAsync(operation, token => call(api, token), cancellationToken);
        DisposeIfUnusable(response, () => ThrowIfUnusable(operation, response));
        return response;
    }

    /// <summary>Like <see cref="SendAsync{TResponse}"/>, but the request is made once: a 5xx, a timeout or a dropped
    /// connection is not retried (it throws), because the request may have landed and repeating it is not harmless. A 429
    /// is returned, not thrown: the request did not land (Django REST framework throttles in <c>APIView.initial</c>, before
    /// the view runs), and the caller waits its Retry-After (<see cref="RetryAfterOf"/>) before repeating it. Refused
    /// credentials throw with <see cref="PlatformUnavailableException.CredentialsRefused"/> set.</summary>
    /// <remarks>An access token due for renewal is renewed first, before the attempt and outside it
    /// (<see cref="PrepareCredentialsAsync"/>): renewed inside, by the auth handler, it would spend the attempt's
    /// RequestTimeout on the renewal. A caller that tells "nothing was sent" from "may have landed" still calls
    /// <see cref="PrepareCredentialsAsync"/> itself, outside its handling of this call's failures: a renewal that fails here
    /// throws from this call like a request that may have landed, although nothing was sent.</remarks>
    public async Task<TResponse> SendOnceAsync<TResponse>(
        string operation,
        Func<ILabelStudioApi, CancellationToken, Task<TResponse>> call,
        CancellationToken cancellationToken)
        where TResponse : IApiResponse
    {
        await PrepareCredentialsAsync(cancellationToken);
        var response = await PlatformCall.RunAsync(inFlight, pipeline, token => call(api, token), operation, reporting, LabelStudioFailure, cancellationToken, singleAttempt: true);
        DisposeIfUnusable(response, () => ThrowIfUnusableSingleAttempt(operation, response));
        return response;
    }

    /// <summary>Renews the access token now if it is due (its own call, with the transport's retries), so a
    /// <see cref="SendOnceAsync{TResponse}"/> made next goes out with it in hand (it is renewed 30 s before it expires). A
    /// failure means nothing was sent: refused credentials (<see cref="PlatformUnavailableException.CredentialsRefused"/>) or
    /// an outage of the token endpoint after its retries, never an answer that may have been lost.</summary>
    public async Task PrepareCredentialsAsync(CancellationToken cancellationToken) =>
        await credentials.GetAuthorizationAsync(RefreshAccessTokenAsync, null, cancellationToken);

    /// <summary>How long a 429 asks to wait (its Retry-After, in seconds or as a date, at most the transport's
    /// LongestRetryAfter), else the transport's backoff for <paramref name="attempt"/>.</summary>
    /// <remarks>Label Studio throttles through Django REST framework when throttling is configured: rest_framework/views.py
    /// exception_handler puts <c>Retry-After: &lt;seconds&gt;</c> on a Throttled answer, and label_studio/core/utils/common.py
    /// custom_exception_handler keeps that response (it only rewrites the body).</remarks>
    public TimeSpan RetryAfterOf(IApiResponse response, int attempt)
    {
        ArgumentNullException.ThrowIfNull(response);
        var asked = TransientStatusException.ReadRetryAfter(response.Headers, TimeProvider);
        return asked is not { } wait ? RetryDelay(attempt) : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > longestRetryAfter ? longestRetryAfter : wait;
    }

    /// <summary>Runs the usability check; a response it refuses is disposed before the exception leaves, so its connection
    /// goes back to the pool instead of waiting for the finalizer.</summary>
    private static void DisposeIfUnusable(IApiResponse response, Action check)
    {
        try
        {
            check();
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Like <see cref="SendAsync{TResponse}"/>, and the body must be there: anything but 2xx is an outage.</summary>
    public async Task<T> RequireAsync<T>(
        string operation,
        Func<ILabelStudioApi, CancellationToken, Task<IApiResponse<T>>> call,
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
    /// returned as it is, not followed. <c>ifChangedFrom</c>, the validators of the copy LabelBridge has, goes out as
    /// If-None-Match / If-Modified-Since so an unchanged image is answered 304 with no body.</summary>
    public Task<HttpResponseMessage> SendRawAsync(Uri url, bool withCredentials, ImageVersion? ifChangedFrom, CancellationToken cancellationToken) =>
        withCredentials
            ? ExecuteAsync("image", token => platformImages.SendAsync(ImageRequest(url, ifChangedFrom), HttpCompletionOption.ResponseHeadersRead, token), cancellationToken)
            : ExecuteAsync("image", token => images.SendAsync(ImageRequest(url, ifChangedFrom), HttpCompletionOption.ResponseHeadersRead, token), otherHostPipeline, cancellationToken);

    private static HttpRequestMessage ImageRequest(Uri url, ImageVersion? ifChangedFrom)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(ifChangedFrom?.ETag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifChangedFrom.ETag);
        }

        if (!string.IsNullOrEmpty(ifChangedFrom?.LastModified))
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", ifChangedFrom.LastModified);
        }

        return request;
    }

    /// <summary>Runs <paramref name="work"/> under the retry and timeout pipeline (for reads that must be retried as a whole).</summary>
    public async Task<T> RetryAsync<T>(string operation, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        await ExecuteAsync(operation, work, cancellationToken);

    public PlatformUnavailableException Unavailable(string message, Exception? inner = null) => new(Platform, message, inner);

    /// <summary>The reason from the error body, as the transport reads it, ready to follow a status: <c> (reason)</c>.</summary>
    internal static string DetailOf(IApiResponse response) => PlatformErrors.ErrorDetail(response) is { } detail ? $" ({detail})" : "";

    /// <summary>A client over a handler of the transport's pool; the pool owns the handler's lifetime.</summary>
    private static HttpClient Client(HttpMessageHandler handler, Uri? baseAddress) =>
        new(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };

    /// <remarks>Runs inside a request that already holds a slot of the platform's concurrency gate (the auth handler
    /// renews on its way out or after its 401), so it takes no second slot: waiting for one could wait for ever. Before a
    /// single-attempt request (<see cref="SendOnceAsync{TResponse}"/>) it runs without a slot; renewals are one at a time
    /// (the credentials' own gate), so that is at most one request beyond MaxConcurrentRequests.</remarks>
    private async Task<string?> RefreshAccessTokenAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await ExecuteAsync(
            "api/token/refresh/",
            token => tokenApi.RefreshTokenAsync(new LsTokenRefreshRequest(refreshToken), token),
            pipeline,
            gated: false,
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
        ExecuteAsync(operation, call, pipeline, gated: true, cancellationToken);

    private Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, ResiliencePipeline through, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, call, through, gated: true, cancellationToken);

    private Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, ResiliencePipeline through, bool gated, CancellationToken cancellationToken) =>
        PlatformCall.RunAsync(gated ? inFlight : null, through, call, operation, reporting, LabelStudioFailure, cancellationToken);

    /// <summary>Label Studio's own failures, before the transport's: credentials the auth handler could not produce (an
    /// expired or revoked token: its advice, not "cannot reach"), and an answer that is not the Label Studio API.</summary>
    private Exception? LabelStudioFailure(Exception exception, string operation) => exception switch
    {
        ApiRequestException { InnerException: PlatformUnavailableException refused } => refused,
        ApiException api => Unavailable($"{operation} answered something that is not the Label Studio API ({(int)api.StatusCode}): check that Url points at Label Studio.", api),
        _ => null,
    };

    /// <summary>Refuses an answer the transport's retries ended with: a 429 still there is an overloaded server too.</summary>
    private void ThrowIfUnusable(string operation, IApiResponse response)
    {
        ThrowIfFailed(operation, response, attempts);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw Overloaded(operation, response, attempts);
        }

        ThrowIfNotTheApi(operation, response);
    }

    /// <summary>Refuses the answer to a single attempt (<see cref="SendOnceAsync{TResponse}"/>), where a 429 is an answer:
    /// nothing landed, and the caller waits its Retry-After.</summary>
    private void ThrowIfUnusableSingleAttempt(string operation, IApiResponse response)
    {
        ThrowIfFailed(operation, response, made: 1);
        ThrowIfNotTheApi(operation, response);
    }

    /// <summary>Unreachable, refused credentials, or a 5xx, after <paramref name="made"/> attempts.</summary>
    private void ThrowIfFailed(string operation, IApiResponse response, int made)
    {
        if (response.HasRequestError(out var requestError) && requestError.InnerException is PlatformUnavailableException refused)
        {
            ExceptionDispatchInfo.Capture(refused).Throw();
        }

        if (requestError is not null)
        {
            throw Unavailable($"{operation} failed: cannot reach {BaseUrl.GetLeftPart(UriPartial.Authority)} after {made} attempt{(made == 1 ? "" : "s")}: check Url and that the server is running.", requestError);
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && IsCredentialProblem(response))
        {
            throw new PlatformUnavailableException(Platform, AuthAdvice.Explain(response, credentials.UsesAccessTokens)) { CredentialsRefused = true };
        }

        if (StatusOf(response) >= 500)
        {
            throw Overloaded(operation, response, made);
        }
    }

    private PlatformUnavailableException Overloaded(string operation, IApiResponse response, int made) =>
        Unavailable($"{operation} answered {StatusOf(response)} {response.ReasonPhrase} after {made} attempt{(made == 1 ? "" : "s")}: Label Studio is failing or overloaded; the sweep can be retried later.");

    /// <summary>A 2xx that is not the Label Studio API: an HTML page, a body cut short, JSON of another shape.</summary>
    private void ThrowIfNotTheApi(string operation, IApiResponse response)
    {
        var mediaType = response.ContentHeaders?.ContentType?.MediaType;
        if (response.IsSuccessStatusCode && mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            throw Unavailable($"{operation} answered an HTML page instead of JSON: Url must be Label Studio's base URL (e.g. https://ls.example.org), not a login page or proxy.");
        }

        if (response.IsSuccessStatusCode && BodyReadException.Of(response.Error) is { } cut)
        {
            throw Unavailable($"{cut.Describe($"the answer to {operation}")}.", response.Error);
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
