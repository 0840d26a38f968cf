using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Refit;

namespace LabelBridge.Cvat.Connection;

/// <summary>Retry with backoff that honours CVAT's Retry-After, inside a per-attempt timeout of <see cref="PlatformOptions.RequestTimeout"/>.</summary>
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
        builder.AddTimeout(platform.RequestTimeout);
        return builder.Build();
    }
}

/// <summary>How often and how soon a failed CVAT request is retried. Defaults: 3 retries from 0.5 s, exponential with jitter.</summary>
internal sealed record CvatRetrySettings(int MaxRetries, TimeSpan BaseDelay)
{
    public static CvatRetrySettings Default { get; } = new(3, TimeSpan.FromMilliseconds(500));
}
