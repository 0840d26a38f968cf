namespace LabelBridge.Platforms.Resilience;

/// <summary>How often and how soon a failed platform request is retried, and when the breaker opens. Defaults: 3 retries
/// from 0.2 s, exponential with jitter; the breaker opens when, over the last 10 s, at least 12 attempts were made and
/// 60% of them failed.</summary>
internal sealed record PlatformRetrySettings(int MaxRetries, TimeSpan BaseDelay)
{
    public static PlatformRetrySettings Default { get; } = new(3, TimeSpan.FromMilliseconds(200));

    /// <summary>A Retry-After longer than this is cut short; a sweep should not sleep for an hour on one request.</summary>
    public TimeSpan LongestRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public double BreakerFailureRatio { get; init; } = 0.6;

    public int BreakerMinimumAttempts { get; init; } = 12;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(10);
}
