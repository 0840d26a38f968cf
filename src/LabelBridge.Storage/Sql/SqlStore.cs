using System.Data.Common;
using Dapper;
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
}
