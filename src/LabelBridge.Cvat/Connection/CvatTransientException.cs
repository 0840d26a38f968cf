using System.Net;

namespace LabelBridge.Cvat.Connection;

/// <summary>CVAT answered a status worth retrying (429, 5xx, 408); carries its Retry-After.</summary>
internal sealed class CvatTransientException : Exception
{
    public CvatTransientException(HttpStatusCode status, TimeSpan? retryAfter)
        : base($"CVAT answered {(int)status} {status}.")
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    public CvatTransientException()
    {
    }

    public CvatTransientException(string message)
        : base(message)
    {
    }

    public CvatTransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode Status { get; }

    public TimeSpan? RetryAfter { get; }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static TimeSpan? ReadRetryAfter(System.Net.Http.Headers.HttpResponseHeaders? headers, TimeProvider timeProvider)
    {
        var retryAfter = headers?.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - timeProvider.GetUtcNow() : null;
    }
}
