using System.Net;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;
using Refit;

namespace LabelBridge.Platforms.Resilience;

/// <summary>The resilience pipelines of every configured platform, keyed by platform and settings in one Polly
/// registry: retry with backoff that honours Retry-After, around a circuit breaker, around a per-attempt timeout of
/// <see cref="PlatformOptions.RequestTimeout"/>.</summary>
/// <remarks>Keeping one pipeline per platform lets its breaker remember an outage across connectors, projects and
/// sweeps: a second project on a down server pauses without calling it. The breaker counts attempts (5xx, 408, dropped
/// connections, timeouts; a 429 is a live server asking to wait, so it does not count); when most recent attempts
/// failed it opens for <see cref="PlatformOptions.CircuitBreakDuration"/> and every call fails at once. Calls answered
/// as results (Refit's <see cref="IApiResponse"/>, <see cref="HttpResponseMessage"/>) and as exceptions are classified
/// alike, so both connectors share one policy.</remarks>
internal sealed class PlatformPipelines(PlatformRetrySettings retry, TimeProvider timeProvider, ILoggerFactory loggerFactory) : IDisposable
{
    private readonly ResiliencePipelineRegistry<string> registry = new();
    private readonly ILogger logger = loggerFactory.CreateLogger("LabelBridge.Platforms");

    public PlatformRetrySettings Retry => retry;

    /// <summary>Set on a call's context for a request the retry must not repeat: one whose repetition is not harmless when
    /// the first attempt landed but its answer was lost (a bulk create answered only with a count). The caller finds out
    /// what landed and decides; the breaker and the timeout still apply.</summary>
    public static readonly ResiliencePropertyKey<bool> SingleAttempt = new("LabelBridge.SingleAttempt");

    /// <summary>The platform's pipeline; <paramref name="withBreaker"/> false for hosts other than the platform itself
    /// (a slow image host is not a platform outage).</summary>
    public ResiliencePipeline For(PlatformOptions platform, bool withBreaker = true)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var key = string.Join('|', platform.Kind, platform.Name, platform.Url, platform.RequestTimeout, platform.CircuitBreakDuration, withBreaker);
        return registry.GetOrAddPipeline(key, builder => Configure(builder, platform, withBreaker));
    }

    /// <summary>Polly refuses a shorter break, and a shorter one would reopen the circuit before a struggling server
    /// could recover; the configuration check refuses it instead of the transport quietly clamping it.</summary>
    public static readonly TimeSpan MinimumBreakDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Longer than this, a recovered server waits for LabelBridge instead of the other way round.</summary>
    public static readonly TimeSpan MaximumBreakDuration = TimeSpan.FromHours(1);

    public void Dispose() => registry.Dispose();

    private void Configure(ResiliencePipelineBuilder builder, PlatformOptions platform, bool withBreaker)
    {
        builder.TimeProvider = timeProvider;
        var kind = platform.Kind.ToString();
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(!args.Context.Properties.GetValue(SingleAttempt, false) && IsTransient(args.Outcome)),
            MaxRetryAttempts = retry.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.BaseDelay,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome)),
            OnRetry = args =>
            {
                Log.RetryingRequest(logger, kind, platform.Name, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
        });
        if (withBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && StatusOf(args.Outcome) != HttpStatusCode.TooManyRequests),
                FailureRatio = retry.BreakerFailureRatio,
                MinimumThroughput = retry.BreakerMinimumAttempts,
                SamplingDuration = retry.BreakerSamplingDuration,
                BreakDuration = platform.CircuitBreakDuration,
                OnOpened = args =>
                {
                    Log.CircuitOpened(logger, kind, platform.Name, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(platform.RequestTimeout);
    }

    internal static bool IsTransient(Outcome<object> outcome) => outcome switch
    {
        // A request an auth handler refused to send (expired or revoked credentials) says nothing about the server.
        { Exception: ApiRequestException { InnerException: PlatformUnavailableException } } => false,
        { Result: IApiResponse { IsReceived: false, Error.InnerException: PlatformUnavailableException } } => false,
        { Exception: TransientStatusException or HttpRequestException or ApiRequestException or TimeoutRejectedException } => true,
        { Exception: not null } => false,
        { Result: IApiResponse { IsReceived: false } } => true,
        _ => StatusOf(outcome) is { } status && TransientStatusException.IsTransient(status),
    };

    private static HttpStatusCode? StatusOf(Outcome<object> outcome) => outcome switch
    {
        { Exception: TransientStatusException e } => e.Status,
        { Result: IApiResponse { IsReceived: true, StatusCode: var status } } => status,
        { Result: HttpResponseMessage m } => m.StatusCode,
        _ => null,
    };

    private TimeSpan? RetryAfter(Outcome<object> outcome)
    {
        var wait = outcome switch
        {
            { Exception: TransientStatusException e } => e.RetryAfter,
            { Result: IApiResponse r } => TransientStatusException.ReadRetryAfter(r.Headers, timeProvider),
            { Result: HttpResponseMessage m } => TransientStatusException.ReadRetryAfter(m.Headers, timeProvider),
            _ => null,
        };
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w > retry.LongestRetryAfter ? retry.LongestRetryAfter : w) : null;
    }

    private static string Describe(Outcome<object> outcome) => outcome switch
    {
        { Exception: { } e } => e.GetType().Name,
        _ => StatusOf(outcome) is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "result",
    };
}
