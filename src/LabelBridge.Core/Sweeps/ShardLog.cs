using Microsoft.Extensions.Logging;

namespace LabelBridge.Core;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project}: embedding in {Shards} shards on the cluster, {Remaining} not finished yet")]
    public static partial void WaitingForShards(ILogger logger, long sweepId, string project, int shards, int remaining);
}
