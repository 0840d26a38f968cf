using System.Data.Common;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>Embedding shards: one row per shard and one count of the shards remaining per sweep.</summary>
/// <remarks>Completing a shard marks its row only if it is not marked yet, then decrements the sweep's count in the
/// same transaction. The count's row lock serialises the completions of one sweep (PostgreSQL re-reads the row after
/// the lock; SQLite has one writer), so exactly one completion takes the count to zero.</remarks>
internal abstract partial class SqlStore : ISweepShardStore
{
    public async Task<bool> CreateShardsAsync(long sweepId, IReadOnlyList<ReadOnlyMemory<byte>> scopes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scopes.Count);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int created;
        try
        {
            created = await connection.ExecuteAsync(Command(
                """
                INSERT INTO sweep_shard_counts (sweep_id, total, remaining) VALUES (@SweepId, @Total, @Total)
                ON CONFLICT (sweep_id) DO NOTHING
                """,
                new { SweepId = sweepId, Total = scopes.Count },
                transaction,
                cancellationToken));
        }
        catch (DbException exception) when (IsMissingParent(exception))
        {
            throw new InvalidOperationException($"Sweep {sweepId} does not exist.", exception);
        }

        if (created == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(Command(
            "INSERT INTO sweep_shards (sweep_id, shard_index, scope, attempts) VALUES (@SweepId, @Index, @Scope, 0)",
            scopes.Select((scope, index) => new { SweepId = sweepId, Index = index, Scope = scope.ToArray() }),
            transaction,
            cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<SweepShardRecord>> GetShardsAsync(long sweepId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ShardRow>(Command(
            $"{ShardRow.Select} WHERE sweep_id = @SweepId ORDER BY shard_index", new { SweepId = sweepId }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task ClaimShardAsync(long sweepId, int index, string instanceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(Command(
            """
            UPDATE sweep_shards SET attempts = attempts + 1, claimed_by = @InstanceId, claimed_at = @At
            WHERE sweep_id = @SweepId AND shard_index = @Index
            """,
            new { SweepId = sweepId, Index = index, InstanceId = instanceId, At = StoredTime.ToText(at) },
            null,
            cancellationToken));
        if (updated == 0)
        {
            throw new InvalidOperationException($"Sweep {sweepId} has no shard {index}.");
        }
    }

    public async Task<ShardCompletion> CompleteShardAsync(
        long sweepId, int index, string instanceId, ReadOnlyMemory<byte> result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var key = new { SweepId = sweepId, Index = index };
        var completed = await connection.ExecuteAsync(Command(
            """
            UPDATE sweep_shards SET completed_by = @InstanceId, completed_at = @At, result = @Result
            WHERE sweep_id = @SweepId AND shard_index = @Index AND completed_at IS NULL
            """,
            new { key.SweepId, key.Index, InstanceId = instanceId, At = StoredTime.ToText(at), Result = result.ToArray() },
            transaction,
            cancellationToken));
        var remaining = completed == 1
            ? await connection.ExecuteScalarAsync<int?>(Command(
                "UPDATE sweep_shard_counts SET remaining = remaining - 1 WHERE sweep_id = @SweepId RETURNING remaining", key, transaction, cancellationToken))
            : await connection.ExecuteScalarAsync<int?>(Command(
                """
                SELECT c.remaining FROM sweep_shard_counts c JOIN sweep_shards s ON s.sweep_id = c.sweep_id
                WHERE c.sweep_id = @SweepId AND s.shard_index = @Index
                """,
                key,
                transaction,
                cancellationToken));
        if (remaining is null)
        {
            throw new InvalidOperationException($"Sweep {sweepId} has no shard {index}.");
        }

        await transaction.CommitAsync(cancellationToken);
        return new ShardCompletion(completed == 1, remaining.Value);
    }

    private sealed class ShardRow
    {
        public const string Select =
            "SELECT sweep_id AS SweepId, shard_index AS ShardIndex, scope AS Scope, attempts AS Attempts, claimed_by AS ClaimedBy, " +
            "completed_by AS CompletedBy, completed_at AS CompletedAt, result AS Result FROM sweep_shards";

        public long SweepId { get; init; }

        public long ShardIndex { get; init; }

        public byte[] Scope { get; init; } = [];

        public long Attempts { get; init; }

        public string? ClaimedBy { get; init; }

        public string? CompletedBy { get; init; }

        public string? CompletedAt { get; init; }

        public byte[]? Result { get; init; }

        public SweepShardRecord ToRecord() => new(
            SweepId, (int)ShardIndex, Scope, (int)Attempts, ClaimedBy, CompletedBy, StoredTime.FromNullableText(CompletedAt), Result);
    }
}
