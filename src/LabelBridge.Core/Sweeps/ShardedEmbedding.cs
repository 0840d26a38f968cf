using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>The sharded embedding stage of a sweep: splits it once, keeps every unfinished shard queued on the
/// cluster, and says when all are in.</summary>
internal sealed class ShardedEmbedding(ISweepShardStore shards, IEmbeddingShardScheduler scheduler)
{
    /// <summary>Null when the sweep is not sharded (too small, or sharding is off): it embeds everything itself.</summary>
    public async Task<ShardState?> AdvanceAsync(SweepRecord sweep, SweepRequest request, ProjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        var existing = await shards.GetShardsAsync(sweep.Id, cancellationToken);
        if (existing.Count == 0)
        {
            var plan = EmbeddingShards.Split(snapshot, scheduler.ShardSizeFor(request.Project));
            if (plan.Count < 2)
            {
                return null;
            }

            await shards.CreateShardsAsync(sweep.Id, [.. plan.Select(scope => new ReadOnlyMemory<byte>(SweepCheckpoints.Serialize(scope)))], cancellationToken);
            existing = await shards.GetShardsAsync(sweep.Id, cancellationToken);
        }

        var pending = existing.Where(s => !s.IsComplete).Select(s => s.Index).ToList();
        if (pending.Count > 0)
        {
            await scheduler.ScheduleAsync(sweep.Id, pending, cancellationToken);
        }

        var results = existing
            .Where(s => s.Result is not null)
            .Select(s => SweepCheckpoints.Deserialize<EmbeddingShardResult>(s.Result!))
            .ToList();
        return new ShardState(existing.Count, pending.Count, results);
    }

    public Task ReleaseAsync(long sweepId, CancellationToken cancellationToken) => scheduler.ReleaseAsync(sweepId, cancellationToken);
}

/// <summary>Where a sharded embedding stage is.</summary>
/// <param name="Total">Shards of the sweep.</param>
/// <param name="Remaining">Shards not finished yet.</param>
/// <param name="Results">What the finished shards recorded.</param>
internal sealed record ShardState(int Total, int Remaining, IReadOnlyList<EmbeddingShardResult> Results)
{
    /// <summary>Patches the shards computed (the final pass finds them in the cache).</summary>
    public int Embedded => Results.Sum(r => r.Embedded);
}
