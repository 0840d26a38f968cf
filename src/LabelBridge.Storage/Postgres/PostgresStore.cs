using System.Data.Common;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LabelBridge.Storage.Postgres;

/// <summary>The store for several workers sharing schedules and embedding shards: one PostgreSQL database.</summary>
internal sealed class PostgresStore : SqlStore, IAsyncDisposable, IDisposable
{
    /// <summary>Advisory lock key held while migrating ("LBSCHEMA" in ASCII).</summary>
    private const long SchemaLockKey = 0x4C42534348454D41;

    private readonly NpgsqlDataSource dataSource;

    public PostgresStore(string connectionString, TimeProvider timeProvider, ILogger<PostgresStore> logger)
        : this(connectionString, PostgresSchema.Migrations, timeProvider, logger)
    {
    }

    internal PostgresStore(string connectionString, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, ILogger logger)
        : base(migrations, timeProvider, logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override string ProviderName => "postgres";

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    protected override string JsonParameter(string name) => $"CAST(@{name} AS jsonb)";

    protected override bool IsDamage(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted };

    protected override bool IsMissingParent(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(Command(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = SchemaLockKey }, transaction, cancellationToken));

    /// <summary>All wanted keys travel as one text[] parameter (<c>= ANY(@keys)</c>).</summary>
    protected override async Task<IReadOnlyDictionary<string, float[]>> ReadEmbeddingsAsync(
        DbConnection connection, string modelFingerprint, string[] cacheKeys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT cache_key, dim, vector FROM embeddings WHERE model_fingerprint = $1 AND cache_key = ANY($2)",
            (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = modelFingerprint });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = cacheKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

        return await ReadEmbeddingsAsync(command, modelFingerprint, cacheKeys.Length, cancellationToken);
    }

    /// <summary>Rows are streamed with binary COPY into a transaction-scoped temporary table, then upserted in one
    /// statement, inside the caller's transaction.</summary>
    protected override async Task WriteEmbeddingsAsync(
        DbConnection connection, DbTransaction transaction, string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await connection.ExecuteAsync(Command(
            "CREATE TEMP TABLE embedding_batch (cache_key text NOT NULL, dim integer NOT NULL, vector bytea NOT NULL) ON COMMIT DROP",
            null, transaction, cancellationToken));
        await using (var import = await npgsql.BeginBinaryImportAsync(
            "COPY embedding_batch (cache_key, dim, vector) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var embedding in embeddings)
            {
                ArgumentException.ThrowIfNullOrEmpty(embedding.CacheKey);
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(embedding.CacheKey, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(embedding.Vector.Length, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(EmbeddingBlob.ToBytes(embedding.Vector), NpgsqlDbType.Bytea, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(Command(
            """
            INSERT INTO embeddings (model_fingerprint, cache_key, dim, vector)
            SELECT @ModelFingerprint, cache_key, dim, vector FROM embedding_batch
            ON CONFLICT (model_fingerprint, cache_key) DO UPDATE SET dim = excluded.dim, vector = excluded.vector
            """,
            new { ModelFingerprint = modelFingerprint },
            transaction,
            cancellationToken));
    }
}
