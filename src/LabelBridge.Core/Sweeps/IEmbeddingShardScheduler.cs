using LabelBridge.Core.Configuration;

namespace LabelBridge.Core.Sweeps;

/// <summary>Runs embedding shards on whichever worker of the cluster is free (the host's Quartz jobs).</summary>
/// <remarks>Registered only where several workers share a store; without it a sweep embeds everything itself.</remarks>
public interface IEmbeddingShardScheduler
{
    /// <summary>About how many annotations one shard of this project holds; 0 = do not shard.</summary>
    int ShardSizeFor(ProjectOptions project);

    /// <summary>Makes sure each listed shard of the sweep is queued or running somewhere. Safe to repeat.</summary>
    Task ScheduleAsync(long sweepId, IReadOnlyList<int> shardIndices, CancellationToken cancellationToken);

    /// <summary>Forgets whatever was kept to run the sweep's shards, once the sweep no longer needs them.</summary>
    Task ReleaseAsync(long sweepId, CancellationToken cancellationToken);
}
