using System.Data.Common;
using System.Text.Json;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Storage.Sqlite;

/// <summary>The default store: one SQLite file in WAL mode, so the worker and the web host can read while a sweep writes.</summary>
internal sealed class SqliteStore : SqlStore, IDisposable
{
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string connectionString;

    public SqliteStore(string path, TimeProvider timeProvider, ILogger<SqliteStore> logger)
        : this(path, SqliteSchema.Migrations, timeProvider, logger)
    {
    }

    internal SqliteStore(string path, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, ILogger logger)
        : base(migrations, timeProvider, logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string Path { get; }

    protected override string ProviderName => "sqlite";

    /// <summary>Lets go of the pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(Command(
                $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;", null, null, cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var mode = await connection.ExecuteScalarAsync<string>(Command("PRAGMA journal_mode = WAL", null, null, cancellationToken));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite store '{Path}' could not switch to WAL mode (journal mode is '{mode}').");
        }
    }

    /// <summary>All wanted keys travel as one JSON array parameter and are joined through <c>json_each</c>,
    /// so ten thousand keys cost one statement and no ten-thousand-parameter IN list. CROSS JOIN keeps the key
    /// list as the outer loop (one primary-key lookup per key); the planner otherwise scans the table per key.</summary>
    protected override async Task<IReadOnlyDictionary<string, float[]>> ReadEmbeddingsAsync(
        DbConnection connection, string modelFingerprint, string[] cacheKeys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.cache_key, e.dim, e.vector
            FROM json_each(@keys) AS wanted
            CROSS JOIN embeddings AS e
            WHERE e.model_fingerprint = @model AND e.cache_key = wanted.value
            """;
        AddParameter(command, "@keys", JsonSerializer.Serialize(cacheKeys, KeyJsonContext.Default.StringArray));
        AddParameter(command, "@model", modelFingerprint);

        return await ReadEmbeddingsAsync(command, modelFingerprint, cacheKeys.Length, cancellationToken);
    }

    /// <summary>One prepared statement, re-bound per row, inside the caller's transaction.</summary>
    protected override async Task WriteEmbeddingsAsync(
        DbConnection connection, DbTransaction transaction, string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO embeddings (model_fingerprint, cache_key, dim, vector) VALUES (@model, @key, @dim, @vector)
            ON CONFLICT (model_fingerprint, cache_key) DO UPDATE SET dim = excluded.dim, vector = excluded.vector
            """;
        AddParameter(command, "@model", modelFingerprint);
        var key = AddParameter(command, "@key", "");
        var dim = AddParameter(command, "@dim", 0);
        var vector = AddParameter(command, "@vector", Array.Empty<byte>());
        await command.PrepareAsync(cancellationToken);

        foreach (var embedding in embeddings)
        {
            ArgumentException.ThrowIfNullOrEmpty(embedding.CacheKey);
            key.Value = embedding.CacheKey;
            dim.Value = embedding.Vector.Length;
            vector.Value = EmbeddingBlob.ToBytes(embedding.Vector);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async Task<IReadOnlyList<string>> CheckDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var integrity = await connection.QueryAsync<string>(Command("PRAGMA integrity_check", null, null, cancellationToken));
        return [.. integrity
            .Where(line => !string.Equals(line, "ok", StringComparison.Ordinal))
            .Select(line => $"SQLite integrity check: {line}")];
    }

    /// <summary>SQLITE_CORRUPT or SQLITE_NOTADB.</summary>
    protected override bool IsDamage(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 11 or 26 };

    /// <summary>SQLITE_CONSTRAINT_FOREIGNKEY.</summary>
    protected override bool IsMissingParent(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 787 };

    private static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
