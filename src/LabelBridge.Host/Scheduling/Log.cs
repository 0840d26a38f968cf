namespace LabelBridge.Host;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project} has already finished; nothing to continue")]
    public static partial void NothingToContinue(ILogger logger, string project, string sweepId);
}
