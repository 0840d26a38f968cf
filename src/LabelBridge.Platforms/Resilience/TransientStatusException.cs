using System.Net;
using System.Net.Http.Headers;

namespace LabelBridge.Platforms.Resilience;

/// <summary>A platform answered a status worth retrying (429, 5xx, 408); carries its Retry-After.</summary>
internal sealed class TransientStatusException : Exception
{
    public TransientStatusException(HttpStatusCode status, TimeSpan? retryAfter)
        : base($"The platform answered {(int)status} {status}.")
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    public TransientStatusException()
    {
    }

    public TransientStatusException(string message)
        : base(message)
    {
    }

    public TransientStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode Status { get; }

    public TimeSpan? RetryAfter { get; }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders? headers, TimeProvider timeProvider)
    {
        var retryAfter = headers?.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - timeProvider.GetUtcNow() : null;
    }
}
