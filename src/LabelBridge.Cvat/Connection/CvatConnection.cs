using System.Net;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Api;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Errors;
using LabelBridge.Platforms.Paging;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace LabelBridge.Cvat.Connection;

/// <summary>One configured CVAT server: every call goes through here to be throttled, retried, and classified.</summary>
/// <remarks>An outage, refused credentials or an HTML page become <see cref="PlatformUnavailableException"/> with a message
/// for the admin (never the credential); everything else is handed back for the caller to treat as an expected outcome.
/// The pipeline and the concurrency gate come from the platform transport and are shared by every connector of the
/// platform, so MaxConcurrentRequests and the circuit breaker hold for the server, not for one connector.</remarks>
internal sealed class CvatConnection(
    ICvatApi api,
    PlatformOptions platform,
    string? credentialProblem,
    ResiliencePipeline pipeline,
    int attempts,
    SemaphoreSlim gate,
    TimeProvider timeProvider,
    ILogger logger)
{
    public PlatformOptions Platform => platform;

    public TimeProvider TimeProvider => timeProvider;

    public string Name => platform.Name;

    public string Where => $"CVAT at {platform.Url}";

    /// <summary>Why the credentials could not be resolved, or null when they were.</summary>
    public string? CredentialProblem => credentialProblem;

    public int PageSize => Math.Clamp(platform.PageSize, 1, 1000);

    /// <summary>Sends one call; returns the response unless the platform as a whole is unusable.</summary>
    public Task<IApiResponse<T>> SendAsync<T>(
        Func<ICvatApi, CancellationToken, Task<IApiResponse<T>>> call, string what, CancellationToken cancellationToken) =>
        SendAsync(call, what, authFailureIsResult: false, cancellationToken);

    /// <summary>Like <see cref="SendAsync{T}(Func{ICvatApi, CancellationToken, Task{IApiResponse{T}}}, string, CancellationToken)"/>,
    /// but a 401/403 is returned instead of thrown, for <c>doctor</c> to explain.</summary>
    public Task<IApiResponse<T>> SendAllowingAuthFailureAsync<T>(
        Func<ICvatApi, CancellationToken, Task<IApiResponse<T>>> call, string what, CancellationToken cancellationToken) =>
        SendAsync(call, what, authFailureIsResult: true, cancellationToken);

    private async Task<IApiResponse<T>> SendAsync<T>(
        Func<ICvatApi, CancellationToken, Task<IApiResponse<T>>> call, string what, bool authFailureIsResult, CancellationToken cancellationToken)
    {
        var response = await RunAsync(
            async token =>
            {
                var response = await call(api, token);
                if (response.Error is ApiRequestException transport)
                {
                    response.Dispose();
                    token.ThrowIfCancellationRequested();
                    throw transport;
                }

                if (response.StatusCode is { } status && TransientStatusException.IsTransient(status))
                {
                    var retryAfter = TransientStatusException.ReadRetryAfter(response.Headers, timeProvider);
                    response.Dispose();
                    throw new TransientStatusException(status, retryAfter);
                }

                return response;
            },
            what,
            cancellationToken);

        if (IsHtml(response.ContentHeaders?.ContentType?.MediaType))
        {
            response.Dispose();
            throw Unavailable(HtmlPageMessage());
        }

        if (authFailureIsResult && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return response;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized)
        {
            var detail = ErrorDetail(response);
            response.Dispose();
            throw Unavailable($"{Where} refused the credentials ({detail}) when reading {what}: {AuthHint()}");
        }

        if (response.StatusCode is HttpStatusCode.Forbidden)
        {
            var detail = ErrorDetail(response);
            response.Dispose();
            throw Unavailable(IsWrite(response)
                ? $"{Where} refused to write {what} ({detail}): {WriteRefusedHint()}"
                : $"{Where} denied access to {what} ({detail}): the account lacks permission, or the Organization setting ('{platform.Organization}') is wrong");
        }

        return response;
    }

    /// <summary>A call whose failure fails the whole operation (a missing project is a configuration error).</summary>
    public async Task<T> GetAsync<T>(Func<ICvatApi, CancellationToken, Task<IApiResponse<T>>> call, string what, CancellationToken cancellationToken)
    {
        var (value, problem) = await TryGetAsync(call, what, cancellationToken);
        return value ?? throw Unavailable(problem!);
    }

    /// <summary>A call whose failure is a named problem for one thing (a job, an issue), not for the platform.</summary>
    public async Task<(T? Value, string? Problem)> TryGetAsync<T>(
        Func<ICvatApi, CancellationToken, Task<IApiResponse<T>>> call, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, what, cancellationToken);
        if (response.IsSuccessStatusCode && response.Error is null && response.Content is not null)
        {
            return (response.Content, null);
        }

        if (response.IsSuccessStatusCode && BodyReadException.Of(response.Error) is { } refused)
        {
            return (default, refused.Describe($"{Where}'s answer to {what}"));
        }

        if (response.IsSuccessStatusCode)
        {
            return (default, $"{Where} answered {what} with JSON LabelBridge cannot read ({response.Error?.InnerException?.Message ?? "empty body"})");
        }

        var detail = ErrorDetail(response);
        return response.StatusCode is HttpStatusCode.NotFound
            ? (default, $"{Where} has no {what} (404 {detail}); check the id and the Organization setting")
            : (default, $"{Where} answered {((int?)response.StatusCode ?? 0)} to {what}: {detail}");
    }

    /// <summary>Every page of a list, following <c>next</c> with the configured page size until CVAT says the list ends,
    /// or the transport's page guard stops it (a repeated page, more items than <c>count</c>, MaxPages); the list's
    /// <see cref="PagedList{T}.Problem"/> then says why.</summary>
    public async Task<PagedList<T>> GetAllPagesAsync<T>(
        Func<ICvatApi, int, int, CancellationToken, Task<IApiResponse<CvatPage<T>>>> call, string what, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var guard = new PageGuard<T>(what, platform.MaxPages);
        for (var page = 1; ; page++)
        {
            var current = page;
            var result = await GetAsync((a, token) => call(a, current, PageSize, token), $"{what} (page {page})", cancellationToken);
            var items = result.Results ?? [];
            var verdict = guard.Check(page, items, hasMore: !string.IsNullOrEmpty(result.Next), result.Next, result.Count);
            if (verdict != PageVerdict.DropAndStop)
            {
                all.AddRange(items);
            }

            if (verdict == PageVerdict.Continue)
            {
                continue;
            }

            if (guard.Problem is { } problem)
            {
                Log.ReadProblem(logger, platform.Name, what, problem);
            }

            return new PagedList<T>(all, guard.Problem);
        }
    }

    /// <summary>A call whose body is streamed by the caller (frame images). Transient statuses are retried; the caller disposes.</summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(
        Func<ICvatApi, CancellationToken, Task<HttpResponseMessage>> call, string what, CancellationToken cancellationToken)
    {
        var response = await RunAsync(
            async token =>
            {
                var response = await call(api, token);
                if (TransientStatusException.IsTransient(response.StatusCode))
                {
                    var retryAfter = TransientStatusException.ReadRetryAfter(response.Headers, timeProvider);
                    var status = response.StatusCode;
                    response.Dispose();
                    throw new TransientStatusException(status, retryAfter);
                }

                return response;
            },
            what,
            cancellationToken);

        if (IsHtml(response.Content.Headers.ContentType?.MediaType))
        {
            response.Dispose();
            throw Unavailable(HtmlPageMessage());
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw Unavailable($"{Where} refused the credentials ({status}) when reading {what}: {AuthHint()}");
        }

        return response;
    }

    public PlatformUnavailableException Unavailable(string message, Exception? inner = null)
    {
        Log.PlatformUnavailable(logger, platform.Name, message);
        return new PlatformUnavailableException(platform.Name, message, inner);
    }

    internal static string ErrorDetail(IApiResponse response) => Detail((response.Error as ApiException)?.Content);

    /// <summary>The reason from a CVAT error body, as the transport reads it, or what the body was instead.</summary>
    internal static string Detail(string? body) =>
        PlatformErrors.ErrorDetail(body) ?? (string.IsNullOrWhiteSpace(body) ? "no details" : "a non-JSON error body");

    private static bool IsWrite(IApiResponse response) =>
        response.RequestMessage?.Method is { } method && method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Options;

    /// <summary>CVAT answers a read-only token's write with the plain "You do not have permission" (its policy enforcer
    /// keeps the reason), the same as a role that may not write, so the message names both.</summary>
    private string WriteRefusedHint() => platform.AuthScheme == PlatformAuthScheme.Bearer
        ? $"the personal access token is probably read-only, CVAT's default when a token is created: {ServerCheck.ReadOnlyTokenFix}; otherwise the account's role may not change this project, or the Organization setting ('{platform.Organization}') is wrong"
        : $"the account's role may not change this project, or the Organization setting ('{platform.Organization}') is wrong";

    private static bool IsHtml(string? mediaType) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase);

    private string HtmlPageMessage() =>
        $"{Where} answered an HTML page, not JSON: check the URL points at the CVAT server root and the token is valid";

    internal string AuthHint() => platform.AuthScheme switch
    {
        PlatformAuthScheme.Bearer => "check the personal access token (AuthScheme Bearer) exists, has not expired and is not read-only where LabelBridge writes; CVAT before 2.48 has no access tokens, use AuthScheme Token with an API key there",
        PlatformAuthScheme.Token => "check the legacy API key (AuthScheme Token); current CVAT prefers a personal access token from the user profile with AuthScheme Bearer",
        _ => "check Username and the password (AuthScheme Basic)",
    };

    private Task<TResult> RunAsync<TResult>(Func<CancellationToken, Task<TResult>> send, string what, CancellationToken cancellationToken)
    {
        if (credentialProblem is not null)
        {
            var missing = PlatformErrors.MissingCredentials(platform, credentialProblem);
            Log.PlatformUnavailable(logger, platform.Name, missing.Message);
            throw missing;
        }

        var reporting = new PlatformCallReporting(Where, platform.CircuitBreakDuration, platform.RequestTimeout, attempts, Unavailable);
        return PlatformCall.RunAsync(gate, pipeline, send, what, reporting, CvatFailure, cancellationToken);
    }

    /// <summary>CVAT's own failure before the transport's: a status still transient after every retry.</summary>
    private Exception? CvatFailure(Exception exception, string what) =>
        exception is TransientStatusException e ? Unavailable($"{Where} kept answering {(int)e.Status} to {what}; try again later", e) : null;
}
