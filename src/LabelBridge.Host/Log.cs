using LabelBridge.Core.Storage;

namespace LabelBridge.Host;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep of {Project} ({Trigger}) ended: sweep {SweepId} {Status}")]
    public static partial void SweepJobFinished(ILogger logger, string project, string trigger, long sweepId, SweepStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project} scheduled with '{Cron}' in {TimeZone}; next run {Next}")]
    public static partial void Scheduled(ILogger logger, string project, string cron, string timeZone, DateTimeOffset? next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {Project} is no longer configured; its schedule was removed")]
    public static partial void ScheduleRemoved(ILogger logger, string project);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web API request to {Path} refused: {Reason}")]
    public static partial void ApiRefused(ILogger logger, string path, string reason);
}
