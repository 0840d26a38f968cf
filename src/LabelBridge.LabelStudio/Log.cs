using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Label Studio {Platform}: {Problem}")]
    public static partial void PagingStopped(ILogger logger, string platform, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label Studio {Platform}: the bulk import of predictions was accepted, but task {TaskId} has no new prediction in the list read back; creating it on its own")]
    public static partial void ImportedPredictionMissing(ILogger logger, string platform, long taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label Studio {Platform}: a bulk import of {Sent} predictions answered created {Created}; listing what landed and sending the rest again")]
    public static partial void ImportAnsweredShort(ILogger logger, string platform, int? created, int sent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Label Studio {Platform}: access token renewed")]
    public static partial void AccessTokenRenewed(ILogger logger, string platform);

    [LoggerMessage(Level = LogLevel.Information, Message = "Label Studio {Platform}: read project {ProjectId}: {Items} tasks, {Annotations} annotations, {Problems} problems")]
    public static partial void ProjectRead(ILogger logger, string platform, string projectId, int items, int annotations, int problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Label Studio {Platform}: wrote {Predictions} predictions on project {ProjectId}, removed {Removed}")]
    public static partial void WroteBack(ILogger logger, string platform, string projectId, int predictions, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label Studio webhook for {Platform} rejected: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string platform, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Label Studio webhook {Action} for {Platform} project {RemoteProjectId}: sweep requested for {Project}")]
    public static partial void WebhookSweepRequested(ILogger logger, string action, string platform, string remoteProjectId, string project);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Label Studio webhook {Action} for {Platform} ignored: {Reason}")]
    public static partial void WebhookIgnored(ILogger logger, string action, string platform, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Label Studio webhook {Action} for {Platform} ignored: no configured project has RemoteProjectId {RemoteProjectId}")]
    public static partial void WebhookForUnknownProject(ILogger logger, string action, string platform, string remoteProjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label Studio webhook {Action} for {Platform}: the sweep request failed ({Error}: {Message}); the next event or the schedule sweeps it")]
    public static partial void WebhookSweepFailed(ILogger logger, string action, string platform, string error, string message);
}
