using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Refit;

namespace LabelBridge.Cvat.Connection;

/// <summary>Retry with backoff that honours CVAT's Retry-After, around a circuit breaker, around a per-attempt timeout of
/// <see cref="PlatformOptions.RequestTimeout"/>.</summary>
/// <remarks>The breaker counts attempts, not calls: when most recent attempts failed (5xx, 408, dropped connections,
/// timeouts; a 429 is a live server asking to wait, so it does not count) it opens for
/// <see cref="PlatformOptions.CircuitBreakDuration"/>, and every call fails at once without reaching the server.</remarks>
internal static class CvatResilience
{
    /// <summary>A Retry-After longer than this is cut short; a sweep should not sleep for an hour on one request.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline Build(PlatformOptions platform, CvatRetrySettings retry, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<CvatTransientException>()
                .Handle<HttpRequestException>()
                .Handle<ApiRequestException>()
                .Handle<TimeoutRejectedException>(),
            MaxRetryAttempts = retry.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.BaseDelay,
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is CvatTransientException { RetryAfter: { } after }
                    ? (TimeSpan?)(after < TimeSpan.Zero ? TimeSpan.Zero : after > LongestRetryAfter ? LongestRetryAfter : after)
                    : null),
            OnRetry = args =>
            {
                Log.RetryingRequest(logger, platform.Name, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "result");
                return ValueTask.CompletedTask;
            },
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<CvatTransientException>(e => e.Status != System.Net.HttpStatusCode.TooManyRequests)
                .Handle<HttpRequestException>()
                .Handle<ApiRequestException>()
                .Handle<TimeoutRejectedException>(),
            FailureRatio = retry.BreakerFailureRatio,
            MinimumThroughput = retry.BreakerMinimumAttempts,
            SamplingDuration = retry.BreakerSamplingDuration,
            BreakDuration = BreakDuration(platform),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, platform.Name, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(platform.RequestTimeout);
        return builder.Build();
    }

    /// <summary>Polly's shortest break is half a second.</summary>
    public static TimeSpan BreakDuration(PlatformOptions platform) =>
        platform.CircuitBreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : platform.CircuitBreakDuration;
}

/// <summary>How often and how soon a failed CVAT request is retried, and when the breaker opens. Defaults: 3 retries from
/// 0.5 s, exponential with jitter; the breaker opens when, over the last 10 s, at least 12 attempts were made and 60% of them failed.</summary>
internal sealed record CvatRetrySettings(int MaxRetries, TimeSpan BaseDelay)
{
    public static CvatRetrySettings Default { get; } = new(3, TimeSpan.FromMilliseconds(500));

    public double BreakerFailureRatio { get; init; } = 0.6;

    public int BreakerMinimumAttempts { get; init; } = 12;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(10);
}
