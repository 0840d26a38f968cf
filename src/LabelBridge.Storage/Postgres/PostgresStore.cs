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
    /// <summary>Rows per INSERT … SELECT FROM unnest(…) statement: big enough for few round trips, small enough
    /// to keep each message a few megabytes.</summary>
    private const int EmbeddingRowsPerStatement = 1_000;

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

        var found = new Dictionary<string, float[]>(cacheKeys.Length, StringComparer.Ordinal);
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

    /// <summary>Rows travel as three arrays per statement, unpacked by <c>unnest</c>, inside the caller's transaction.</summary>
    protected override async Task WriteEmbeddingsAsync(
        DbConnection connection, DbTransaction transaction, string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO embeddings (model_fingerprint, cache_key, dim, vector)
            SELECT $1, rows.cache_key, rows.dim, rows.vector FROM unnest($2, $3, $4) AS rows (cache_key, dim, vector)
            ON CONFLICT (model_fingerprint, cache_key) DO UPDATE SET dim = excluded.dim, vector = excluded.vector
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = modelFingerprint });
        var keys = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        var dims = new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };
        var vectors = new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };
        command.Parameters.Add(keys);
        command.Parameters.Add(dims);
        command.Parameters.Add(vectors);

        for (var start = 0; start < embeddings.Count; start += EmbeddingRowsPerStatement)
        {
            var count = Math.Min(EmbeddingRowsPerStatement, embeddings.Count - start);
            var chunkKeys = new string[count];
            var chunkDims = new int[count];
            var chunkVectors = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                var embedding = embeddings[start + i];
                ArgumentException.ThrowIfNullOrEmpty(embedding.CacheKey);
                chunkKeys[i] = embedding.CacheKey;
                chunkDims[i] = embedding.Vector.Length;
                chunkVectors[i] = EmbeddingBlob.ToBytes(embedding.Vector);
            }

            keys.TypedValue = chunkKeys;
            dims.TypedValue = chunkDims;
            vectors.TypedValue = chunkVectors;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
