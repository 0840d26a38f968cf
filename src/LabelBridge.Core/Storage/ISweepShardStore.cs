namespace LabelBridge.Core.Storage;

/// <summary>The bookkeeping of a sweep whose embedding stage is split into shards that any worker runs.</summary>
/// <remarks>Completion is counted atomically per sweep, so exactly one worker learns that the last shard is in and
/// continues the sweep. Completing a shard twice (a worker taken for dead that was still running it) changes nothing
/// the second time: its embeddings are already in the cache, keyed by model and annotation.</remarks>
public interface ISweepShardStore
{
    /// <summary>Records the shards of a sweep, each with what it covers. Returns false and changes nothing when the
    /// sweep already has shards (another worker got there first).</summary>
    Task<bool> CreateShardsAsync(long sweepId, IReadOnlyList<ReadOnlyMemory<byte>> scopes, CancellationToken cancellationToken);

    /// <summary>The sweep's shards in index order; empty when its embedding stage is not sharded.</summary>
    Task<IReadOnlyList<SweepShardRecord>> GetShardsAsync(long sweepId, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="instanceId"/> started running the shard (again).</summary>
    Task ClaimShardAsync(long sweepId, int index, string instanceId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records the shard as done with its result, unless it already was.</summary>
    Task<ShardCompletion> CompleteShardAsync(
        long sweepId, int index, string instanceId, ReadOnlyMemory<byte> result, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>One embedding shard of a sweep.</summary>
/// <param name="SweepId">The sweep it belongs to.</param>
/// <param name="Index">0-based position among the sweep's shards.</param>
/// <param name="Scope">What it covers (the sweep's own encoding, e.g. item keys).</param>
/// <param name="Attempts">How many times a worker started it.</param>
/// <param name="ClaimedBy">The worker that started it last.</param>
/// <param name="CompletedBy">The worker that finished it, once finished.</param>
/// <param name="CompletedAt">When it was finished.</param>
/// <param name="Result">What the finishing worker recorded.</param>
public sealed record SweepShardRecord(
    long SweepId,
    int Index,
    byte[] Scope,
    int Attempts,
    string? ClaimedBy,
    string? CompletedBy,
    DateTimeOffset? CompletedAt,
    byte[]? Result)
{
    public bool IsComplete => CompletedAt is not null;
}

/// <param name="CompletedNow">True when this call finished the shard; false when it was already finished.</param>
/// <param name="Remaining">Shards of the sweep still not finished after this call.</param>
public sealed record ShardCompletion(bool CompletedNow, int Remaining)
{
    /// <summary>This call finished the sweep's last shard: its caller continues the sweep.</summary>
    public bool FinishedLast => CompletedNow && Remaining == 0;
}
