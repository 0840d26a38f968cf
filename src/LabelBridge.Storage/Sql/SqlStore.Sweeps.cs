using System.Runtime.InteropServices;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>Sweeps and their stage checkpoints.</summary>
internal abstract partial class SqlStore
{
    public async Task<SweepRecord> CreateSweepAsync(
        string project, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(Command(
            """
            INSERT INTO sweeps (project, triggered_by, stage, status, started_at)
            VALUES (@Project, @Trigger, @Stage, @Status, @StartedAt)
            RETURNING id
            """,
            new
            {
                Project = project,
                Trigger = trigger,
                Stage = nameof(SweepStage.Created),
                Status = nameof(SweepStatus.Running),
                StartedAt = StoredTime.ToText(startedAt),
            },
            null,
            cancellationToken));
        return new SweepRecord(id, project, trigger, SweepStage.Created, SweepStatus.Running, startedAt, null, null);
    }

    public async Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SweepRow>(Command(
            $"{SweepRow.Select} WHERE id = @SweepId", new { SweepId = sweepId }, null, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(string project, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SweepRow>(Command(
            $"{SweepRow.Select} WHERE project = @Project ORDER BY started_at DESC, id DESC LIMIT @Limit",
            new { Project = project, Limit = limit },
            null,
            cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task<SweepRecord?> FindUnfinishedSweepAsync(string project, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<SweepRow>(Command(
            $"""
            {SweepRow.Select} WHERE project = @Project AND status IN (@Running, @Paused)
            ORDER BY started_at DESC, id DESC LIMIT 1
            """,
            new { Project = project, Running = nameof(SweepStatus.Running), Paused = nameof(SweepStatus.Paused) },
            null,
            cancellationToken));
        return row?.ToRecord();
    }

    public async Task CompleteStageAsync(
        long sweepId, SweepStage stage, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(Command(
            "UPDATE sweeps SET stage = @Stage WHERE id = @SweepId",
            new { SweepId = sweepId, Stage = stage.ToString() },
            transaction,
            cancellationToken));
        if (updated == 0)
        {
            throw new InvalidOperationException($"Sweep {sweepId} does not exist.");
        }

        await connection.ExecuteAsync(Command(
            """
            INSERT INTO sweep_checkpoints (sweep_id, stage, data) VALUES (@SweepId, @Stage, @Data)
            ON CONFLICT (sweep_id, stage) DO UPDATE SET data = excluded.data
            """,
            new { SweepId = sweepId, Stage = stage.ToString(), Data = Bytes(checkpoint) },
            transaction,
            cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<byte[]?> GetCheckpointAsync(long sweepId, SweepStage stage, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(Command(
            "SELECT data FROM sweep_checkpoints WHERE sweep_id = @SweepId AND stage = @Stage",
            new { SweepId = sweepId, Stage = stage.ToString() },
            null,
            cancellationToken));
    }

    /// <summary>Kept in the checkpoints table under a name no stage has (stages are the enum's names), so no schema
    /// change is needed and the part goes with its sweep (ON DELETE CASCADE).</summary>
    public async Task PutSweepPartAsync(long sweepId, string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var key = PartKey(name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO sweep_checkpoints (sweep_id, stage, data) VALUES (@SweepId, @Stage, @Data)
            ON CONFLICT (sweep_id, stage) DO UPDATE SET data = excluded.data
            """,
            new { SweepId = sweepId, Stage = key, Data = Bytes(data) },
            null,
            cancellationToken));
    }

    public async Task<byte[]?> GetSweepPartAsync(long sweepId, string name, CancellationToken cancellationToken)
    {
        var key = PartKey(name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(Command(
            "SELECT data FROM sweep_checkpoints WHERE sweep_id = @SweepId AND stage = @Stage",
            new { SweepId = sweepId, Stage = key },
            null,
            cancellationToken));
    }

    /// <summary>The array behind <paramref name="data"/> when it is a whole one (as a serialised checkpoint is), else a
    /// copy: a checkpoint of hundreds of MB at 1M annotations is not copied once more on its way to the database.</summary>
    private static byte[] Bytes(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : data.ToArray();

    /// <summary>"part:" + the name: never the name of a stage.</summary>
    private static string PartKey(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "part:" + name;
    }

    public async Task FinishSweepAsync(
        long sweepId, SweepStatus status, DateTimeOffset finishedAt, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(Command(
            "UPDATE sweeps SET status = @Status, finished_at = @FinishedAt, error = @Error WHERE id = @SweepId",
            new { SweepId = sweepId, Status = status.ToString(), FinishedAt = StoredTime.ToText(finishedAt), Error = error },
            null,
            cancellationToken));
        if (updated == 0)
        {
            throw new InvalidOperationException($"Sweep {sweepId} does not exist.");
        }
    }

    private sealed class SweepRow
    {
        public const string Select =
            "SELECT id AS Id, project AS Project, triggered_by AS TriggeredBy, stage AS Stage, status AS Status, " +
            "started_at AS StartedAt, finished_at AS FinishedAt, error AS Error FROM sweeps";

        public long Id { get; init; }

        public string Project { get; init; } = "";

        public string TriggeredBy { get; init; } = "";

        public string Stage { get; init; } = "";

        public string Status { get; init; } = "";

        public string StartedAt { get; init; } = "";

        public string? FinishedAt { get; init; }

        public string? Error { get; init; }

        public SweepRecord ToRecord() => new(
            Id,
            Project,
            TriggeredBy,
            Enum.Parse<SweepStage>(Stage),
            Enum.Parse<SweepStatus>(Status),
            StoredTime.FromText(StartedAt),
            StoredTime.FromNullableText(FinishedAt),
            Error);
    }
}
