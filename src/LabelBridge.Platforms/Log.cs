using Microsoft.Extensions.Logging;

namespace LabelBridge.Platforms;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Kind} {Platform}: retry {Attempt} in {Delay} after {Failure}")]
    public static partial void RetryingRequest(ILogger logger, string kind, string platform, int attempt, TimeSpan delay, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Kind} {Platform}: most recent requests failed; no requests for {BreakDuration} (circuit open)")]
    public static partial void CircuitOpened(ILogger logger, string kind, string platform, TimeSpan breakDuration);
}
