using Microsoft.Extensions.Logging;

namespace LabelBridge.Core;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} of {Project}: embedding in {Shards} shards on the cluster, {Remaining} not finished yet")]
    public static partial void WaitingForShards(ILogger logger, long sweepId, string project, int shards, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: shard {Shard} started on {Instance} (recovered from a failed worker: {Recovering})")]
    public static partial void ShardStarted(ILogger logger, long sweepId, int shard, string instance, bool recovering);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: shard {Shard} finished on {Instance}: {Embedded} embedded, {CacheHits} from the cache; {Remaining} shards left")]
    public static partial void ShardFinished(ILogger logger, long sweepId, int shard, string instance, int embedded, int cacheHits, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: shard {Shard} is already done or no longer needed")]
    public static partial void ShardNotNeeded(ILogger logger, long sweepId, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: shard {Shard} left to the sweep's own run, which takes the snapshot again: {Reason}")]
    public static partial void ShardSnapshotUnreadable(ILogger logger, long sweepId, int shard, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: shard {Shard} paused the sweep: {Reason}")]
    public static partial void ShardPaused(ILogger logger, long sweepId, int shard, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: shard {Shard} on {Instance} stopped: another worker took this shard over (for example after this one missed its cluster check-in); that worker finishes it")]
    public static partial void ShardTakenOver(ILogger logger, long sweepId, int shard, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: shard {Shard} could not read whether this worker still holds it ({Reason}); the shard goes on and reads it again next interval")]
    public static partial void ShardClaimCheckFailed(ILogger logger, long sweepId, int shard, string reason);
}
