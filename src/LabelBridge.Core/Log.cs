using Microsoft.Extensions.Logging;

namespace LabelBridge.Core;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project}: {Stage} done in {Seconds:0.0} s")]
    public static partial void StageCompleted(ILogger logger, long sweepId, string project, LabelBridge.Core.Storage.SweepStage stage, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project}: resuming after {Stage}")]
    public static partial void Resuming(ILogger logger, long sweepId, string project, LabelBridge.Core.Storage.SweepStage stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} of {Project} paused: {Reason}")]
    public static partial void Paused(ILogger logger, long sweepId, string project, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} of {Project} failed")]
    public static partial void Failed(ILogger logger, Exception exception, long sweepId, string project);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project} finished: {Findings} findings, {Written} markers written")]
    public static partial void Finished(ILogger logger, long sweepId, string project, int findings, int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project}: nothing the analysis reads changed, reusing the analysis of sweep {Origin}")]
    public static partial void AnalysisReused(ILogger logger, long sweepId, string project, long origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} of {Project}: reading the project from the platform again, and computing the stages after it again. {Reason}")]
    public static partial void SnapshotTakenAgain(ILogger logger, long sweepId, string project, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} of {Project}: another worker took this sweep over, stopping here without writing")]
    public static partial void TakenOver(ILogger logger, long sweepId, string project);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} of {Project}: could not read whether this worker still owns the sweep ({Reason}); the stage goes on and checks again before it writes")]
    public static partial void OwnerCheckFailed(ILogger logger, long sweepId, string project, string reason);
}
