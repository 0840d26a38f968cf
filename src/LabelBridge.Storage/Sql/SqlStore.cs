using System.Data.Common;
using Dapper;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;
using LabelBridge.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Storage.Sql;

/// <summary>The store over any SQL database that speaks <c>ON CONFLICT</c> and <c>RETURNING</c> (SQLite, PostgreSQL).</summary>
/// <remarks>The SQL here is shared word for word; a dialect supplies connections, the schema, the embedding
/// bulk paths and anything else its database does differently.</remarks>
internal abstract partial class SqlStore : ILabelBridgeStore, IStoreIntegrityCheck
{
    private readonly IReadOnlyList<Migration> migrations;
    private readonly TimeProvider timeProvider;

    protected SqlStore(IReadOnlyList<Migration> migrations, TimeProvider timeProvider, ILogger logger)
    {
        this.migrations = migrations;
        this.timeProvider = timeProvider;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>Name used in log messages.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>How a parameter holding JSON text is written where a JSON column expects it.</summary>
    protected virtual string JsonParameter(string name) => "@" + name;

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> says the database itself is damaged (rather than unreachable).</summary>
    protected abstract bool IsDamage(DbException exception);

    /// <summary>Whether <paramref name="exception"/> is a foreign-key violation: a row refers to a sweep that does not exist.</summary>
    protected abstract bool IsMissingParent(DbException exception);

    /// <summary>Database-wide settings applied before migrating (e.g. SQLite's journal mode).</summary>
    protected virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps other workers from migrating at the same time, for the rest of <paramref name="transaction"/>.</summary>
    protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected abstract Task<IReadOnlyDictionary<string, float[]>> ReadEmbeddingsAsync(
        DbConnection connection, string modelFingerprint, string[] cacheKeys, CancellationToken cancellationToken);

    protected abstract Task WriteEmbeddingsAsync(
        DbConnection connection, DbTransaction transaction, string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken);

    /// <summary>Checks only one database can make, added to the shared ones.</summary>
    protected virtual Task<IReadOnlyList<string>> CheckDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await PrepareDatabaseAsync(connection, cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await LockSchemaAsync(connection, transaction, cancellationToken);
            await connection.ExecuteAsync(Command(
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)",
                null, transaction, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        var version = 0;
        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockSchemaAsync(connection, transaction, cancellationToken);
            version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken);
            if (version >= migration.Version)
            {
                continue;
            }

            if (version != migration.Version - 1)
            {
                throw new InvalidOperationException(
                    $"Store schema is at version {version}; migration {migration.Version} cannot follow it.");
            }

            await connection.ExecuteAsync(Command(migration.Sql, null, transaction, cancellationToken));
            await connection.ExecuteAsync(Command(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@Version, @Description, @AppliedAt)",
                new { migration.Version, migration.Description, AppliedAt = StoredTime.ToText(timeProvider.GetUtcNow()) },
                transaction,
                cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            version = migration.Version;
            Logger.MigrationApplied(ProviderName, migration.Version, migration.Description);
        }

        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (version > known)
        {
            throw new InvalidOperationException(
                $"Store schema is at version {version}, newer than this LabelBridge knows ({known}); upgrade LabelBridge.");
        }

        Logger.SchemaCurrent(ProviderName, version);
    }

    public async Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(
        string modelFingerprint, IReadOnlyCollection<string> cacheKeys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelFingerprint);
        if (cacheKeys.Count == 0)
        {
            return new Dictionary<string, float[]>(StringComparer.Ordinal);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadEmbeddingsAsync(connection, modelFingerprint, [.. cacheKeys.Distinct(StringComparer.Ordinal)], cancellationToken);
    }

    public async Task PutEmbeddingsAsync(
        string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelFingerprint);
        if (embeddings.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteEmbeddingsAsync(connection, transaction, modelFingerprint, LastPerKey(embeddings), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

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
            new { SweepId = sweepId, Stage = stage.ToString(), Data = checkpoint.ToArray() },
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

    public async Task SaveFindingsAsync(long sweepId, IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken)
    {
        var rows = new FindingRow[findings.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            if (findings[i].SweepId != sweepId)
            {
                throw new ArgumentException($"Finding {findings[i].Finding.Key} belongs to sweep {findings[i].SweepId}, not {sweepId}.", nameof(findings));
            }

            rows[i] = FindingRow.From(findings[i], i);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "DELETE FROM findings WHERE sweep_id = @SweepId", new { SweepId = sweepId }, transaction, cancellationToken));
        try
        {
            await connection.ExecuteAsync(Command(
                $"""
                INSERT INTO findings (sweep_id, finding_key, position, kind, score, annotation_key, annotation_version, item_key,
                                      given_label, suggested_label, reason, neighbours)
                VALUES (@SweepId, @FindingKey, @Position, @Kind, @Score, @AnnotationKey, @AnnotationVersion, @ItemKey,
                        @GivenLabel, @SuggestedLabel, @Reason, {JsonParameter("Neighbours")})
                """,
                rows,
                transaction,
                cancellationToken));
        }
        catch (DbException exception) when (IsMissingParent(exception))
        {
            throw new InvalidOperationException($"Sweep {sweepId} does not exist.", exception);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredFinding>> GetFindingsAsync(long sweepId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FindingRow>(Command(
            $"{FindingRow.Select} WHERE sweep_id = @SweepId ORDER BY position", new { SweepId = sweepId }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task UpsertMarkersAsync(IReadOnlyList<MarkerRecord> markers, CancellationToken cancellationToken)
    {
        if (markers.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO markers (project, finding_key, annotation_key, marker_id, label_when_marked, written_at, resolved)
            VALUES (@Project, @FindingKey, @AnnotationKey, @MarkerId, @LabelWhenMarked, @WrittenAt, @Resolved)
            ON CONFLICT (project, finding_key) DO UPDATE SET
                annotation_key = excluded.annotation_key, marker_id = excluded.marker_id,
                label_when_marked = excluded.label_when_marked, written_at = excluded.written_at, resolved = excluded.resolved
            """,
            markers.Select(MarkerRow.From),
            transaction,
            cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MarkerRecord>> GetMarkersAsync(string project, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MarkerRow>(Command(
            $"{MarkerRow.Select} WHERE project = @Project ORDER BY finding_key", new { Project = project }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task SaveDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO decisions (project, finding_key, annotation_key, annotation_version, verdict, source, decided_at)
            VALUES (@Project, @FindingKey, @AnnotationKey, @AnnotationVersion, @Verdict, @Source, @DecidedAt)
            ON CONFLICT (project, finding_key) DO UPDATE SET
                annotation_key = excluded.annotation_key, annotation_version = excluded.annotation_version,
                verdict = excluded.verdict, source = excluded.source, decided_at = excluded.decided_at
            """,
            DecisionRow.From(decision),
            null,
            cancellationToken));
    }

    public async Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string project, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionRow>(Command(
            $"{DecisionRow.Select} WHERE project = @Project ORDER BY finding_key", new { Project = project }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task PutThumbnailAsync(string project, string annotationKey, ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO thumbnails (project, annotation_key, image) VALUES (@Project, @AnnotationKey, @Image)
            ON CONFLICT (project, annotation_key) DO UPDATE SET image = excluded.image
            """,
            new { Project = project, AnnotationKey = annotationKey, Image = image.ToArray() },
            null,
            cancellationToken));
    }

    public async Task<byte[]?> GetThumbnailAsync(string project, string annotationKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(Command(
            "SELECT image FROM thumbnails WHERE project = @Project AND annotation_key = @AnnotationKey",
            new { Project = project, AnnotationKey = annotationKey },
            null,
            cancellationToken));
    }

    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CheckAsync(cancellationToken);
        }
        catch (DbException exception) when (IsDamage(exception))
        {
            return [$"the database is damaged and cannot be read: {exception.Message}"];
        }
    }


    private async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var problems = new List<string>(await CheckDatabaseAsync(connection, cancellationToken));

        var orphanCheckpoints = await connection.QueryAsync<long>(Command(
            "SELECT DISTINCT sweep_id FROM sweep_checkpoints c WHERE NOT EXISTS (SELECT 1 FROM sweeps s WHERE s.id = c.sweep_id) ORDER BY sweep_id",
            null, null, cancellationToken));
        AddProblem(problems, orphanCheckpoints, ids => $"checkpoints belong to missing sweeps {ids}");

        var orphanFindings = await connection.QueryAsync<long>(Command(
            "SELECT DISTINCT sweep_id FROM findings f WHERE NOT EXISTS (SELECT 1 FROM sweeps s WHERE s.id = f.sweep_id) ORDER BY sweep_id",
            null, null, cancellationToken));
        AddProblem(problems, orphanFindings, ids => $"findings belong to missing sweeps {ids}");

        var badEmbeddings = await connection.QueryAsync<string>(Command(
            "SELECT model_fingerprint || ' / ' || cache_key FROM embeddings WHERE length(vector) <> dim * 4 ORDER BY 1",
            null, null, cancellationToken));
        AddProblem(problems, badEmbeddings, keys => $"embeddings whose vector length is not dim × 4 bytes: {keys}");

        var lonelyMarkers = await connection.QueryAsync<string>(Command(
            """
            SELECT m.project || ' / ' || m.finding_key FROM markers m
            WHERE NOT EXISTS (
                SELECT 1 FROM findings f JOIN sweeps s ON s.id = f.sweep_id
                WHERE f.finding_key = m.finding_key AND s.project = m.project)
            ORDER BY 1
            """,
            null, null, cancellationToken));
        AddProblem(problems, lonelyMarkers, keys => $"markers without a finding in any sweep of their project: {keys}");

        var miscountedShards = await connection.QueryAsync<long>(Command(
            """
            SELECT c.sweep_id FROM sweep_shard_counts c
            WHERE c.remaining <> (SELECT COUNT(*) FROM sweep_shards s WHERE s.sweep_id = c.sweep_id AND s.completed_at IS NULL)
               OR c.total <> (SELECT COUNT(*) FROM sweep_shards s WHERE s.sweep_id = c.sweep_id)
            ORDER BY c.sweep_id
            """,
            null, null, cancellationToken));
        AddProblem(problems, miscountedShards, ids => $"sweeps whose count of remaining embedding shards disagrees with their shards: {ids}");
        return problems;
    }

    protected static CommandDefinition Command(
        string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    protected void LogCorruptEmbeddings(string modelFingerprint, int count)
    {
        if (count > 0)
        {
            Logger.CorruptEmbeddingsSkipped(modelFingerprint, count);
        }
    }

    /// <summary>The embeddings with each cache key once, the last one winning, as one row after another would.</summary>
    private static IReadOnlyList<StoredEmbedding> LastPerKey(IReadOnlyList<StoredEmbedding> embeddings)
    {
        var seen = new HashSet<string>(embeddings.Count, StringComparer.Ordinal);
        foreach (var embedding in embeddings)
        {
            if (!seen.Add(embedding.CacheKey))
            {
                var last = new Dictionary<string, StoredEmbedding>(embeddings.Count, StringComparer.Ordinal);
                foreach (var candidate in embeddings)
                {
                    last[candidate.CacheKey] = candidate;
                }

                return [.. last.Values];
            }
        }

        return embeddings;
    }

    private static async Task<int> ReadSchemaVersionAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(Command(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version", null, transaction, cancellationToken));

    private static void AddProblem<T>(List<string> problems, IEnumerable<T> offenders, Func<string, string> describe)
    {
        const int shown = 10;
        var list = offenders.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var examples = string.Join(", ", list.Take(shown));
        var more = list.Count > shown ? $" and {list.Count - shown} more" : "";
        problems.Add($"{list.Count} {describe(examples + more)}");
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

    private sealed class FindingRow
    {
        public const string Select =
            "SELECT sweep_id AS SweepId, finding_key AS FindingKey, position AS Position, kind AS Kind, score AS Score, " +
            "annotation_key AS AnnotationKey, annotation_version AS AnnotationVersion, item_key AS ItemKey, " +
            "given_label AS GivenLabel, suggested_label AS SuggestedLabel, reason AS Reason, neighbours AS Neighbours FROM findings";

        public long SweepId { get; init; }

        public string FindingKey { get; init; } = "";

        public long Position { get; init; }

        public string Kind { get; init; } = "";

        public double Score { get; init; }

        public string AnnotationKey { get; init; } = "";

        public string AnnotationVersion { get; init; } = "";

        public string ItemKey { get; init; } = "";

        public string GivenLabel { get; init; } = "";

        public string? SuggestedLabel { get; init; }

        public string Reason { get; init; } = "";

        public string Neighbours { get; init; } = "[]";

        public static FindingRow From(StoredFinding stored, int position)
        {
            var finding = stored.Finding;
            return new FindingRow
            {
                SweepId = stored.SweepId,
                FindingKey = finding.Key,
                Position = position,
                Kind = finding.Kind.ToString(),
                Score = finding.Score,
                AnnotationKey = finding.AnnotationKey,
                AnnotationVersion = stored.AnnotationVersion,
                ItemKey = stored.ItemKey,
                GivenLabel = finding.GivenLabel,
                SuggestedLabel = finding.SuggestedLabel,
                Reason = finding.Reason,
                Neighbours = NeighbourJson.ToJson(finding.Neighbours),
            };
        }

        public StoredFinding ToRecord() => new(
            SweepId,
            new Finding(
                FindingKey,
                Enum.Parse<FindingKind>(Kind),
                Score,
                AnnotationKey,
                GivenLabel,
                SuggestedLabel,
                NeighbourJson.FromJson(Neighbours),
                Reason),
            AnnotationVersion,
            ItemKey);
    }

    private sealed class MarkerRow
    {
        public const string Select =
            "SELECT project AS Project, finding_key AS FindingKey, annotation_key AS AnnotationKey, marker_id AS MarkerId, " +
            "label_when_marked AS LabelWhenMarked, written_at AS WrittenAt, resolved AS Resolved FROM markers";

        public string Project { get; init; } = "";

        public string FindingKey { get; init; } = "";

        public string AnnotationKey { get; init; } = "";

        public string MarkerId { get; init; } = "";

        public string LabelWhenMarked { get; init; } = "";

        public string WrittenAt { get; init; } = "";

        public bool Resolved { get; init; }

        public static MarkerRow From(MarkerRecord marker) => new()
        {
            Project = marker.Project,
            FindingKey = marker.FindingKey,
            AnnotationKey = marker.AnnotationKey,
            MarkerId = marker.MarkerId,
            LabelWhenMarked = marker.LabelWhenMarked,
            WrittenAt = StoredTime.ToText(marker.WrittenAt),
            Resolved = marker.Resolved,
        };

        public MarkerRecord ToRecord() =>
            new(Project, FindingKey, AnnotationKey, MarkerId, LabelWhenMarked, StoredTime.FromText(WrittenAt), Resolved);
    }

    private sealed class DecisionRow
    {
        public const string Select =
            "SELECT project AS Project, finding_key AS FindingKey, annotation_key AS AnnotationKey, " +
            "annotation_version AS AnnotationVersion, verdict AS Verdict, source AS Source, decided_at AS DecidedAt FROM decisions";

        public string Project { get; init; } = "";

        public string FindingKey { get; init; } = "";

        public string AnnotationKey { get; init; } = "";

        public string AnnotationVersion { get; init; } = "";

        public string Verdict { get; init; } = "";

        public string Source { get; init; } = "";

        public string DecidedAt { get; init; } = "";

        public static DecisionRow From(DecisionRecord decision) => new()
        {
            Project = decision.Project,
            FindingKey = decision.FindingKey,
            AnnotationKey = decision.AnnotationKey,
            AnnotationVersion = decision.AnnotationVersion,
            Verdict = decision.Verdict.ToString(),
            Source = decision.Source,
            DecidedAt = StoredTime.ToText(decision.DecidedAt),
        };

        public DecisionRecord ToRecord() => new(
            Project, FindingKey, AnnotationKey, AnnotationVersion, Enum.Parse<DecisionVerdict>(Verdict), Source, StoredTime.FromText(DecidedAt));
    }

    /// <summary>Reads (cache_key, dim, vector) rows; a blob whose length does not match its dimension is skipped,
    /// counted and logged, so it gets recomputed.</summary>
    protected async Task<IReadOnlyDictionary<string, float[]>> ReadEmbeddingsAsync(
        DbCommand command, string modelFingerprint, int expected, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(expected, StringComparer.Ordinal);
        var corrupt = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var vector = EmbeddingBlob.FromBytes(reader.GetFieldValue<byte[]>(2), reader.GetInt32(1));
            if (vector is null)
            {
                corrupt++;
                continue;
            }

            found[reader.GetString(0)] = vector;
        }

        LogCorruptEmbeddings(modelFingerprint, corrupt);
        return found;
    }
}
