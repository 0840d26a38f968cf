using Microsoft.Extensions.Logging;

namespace LabelBridge.Cvat;

internal static partial class Log
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "CVAT {Platform} unavailable: {Reason}")]
    public static partial void PlatformUnavailable(ILogger logger, string platform, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "CVAT {Platform}: {Subject}: {Reason}")]
    public static partial void ReadProblem(ILogger logger, string platform, string subject, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "CVAT {Platform}: read project {ProjectId}: {Tasks} tasks, {Jobs} jobs, {Items} items, {Annotations} annotations, {Problems} problems")]
    public static partial void ProjectRead(ILogger logger, string platform, long projectId, int tasks, int jobs, int items, int annotations, int problems);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "CVAT {Platform}: write-back created {Created} issues, found {Existing} already present, relabel jobs {Relabel}, problems {Problems}")]
    public static partial void WroteBack(ILogger logger, string platform, int created, int existing, int relabel, int problems);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "CVAT webhook for platform {Platform} rejected: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string platform, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "CVAT webhook {Event} for platform {Platform}, project {RemoteProjectId}: sweep requested for {Projects} configured projects")]
    public static partial void WebhookAccepted(ILogger logger, string @event, string platform, string remoteProjectId, int projects);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "CVAT webhook {Event} for platform {Platform} ignored: caused by LabelBridge's own write (sender is the token's user)")]
    public static partial void WebhookOwnWrite(ILogger logger, string @event, string platform);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "CVAT webhook {Event} for platform {Platform}: no project found ({Reason}); the project's schedule will catch the change")]
    public static partial void WebhookUnrouted(ILogger logger, string @event, string platform, string reason);
}
