using System.Data.Common;
using System.Text.Json;
using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;
using LabelBridge.Storage.Schema;
using LabelBridge.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

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

    /// <summary>Most keys or row ids bound as one JSON array in <see cref="ReadEmbeddingsIntoAsync"/>.</summary>
    private const int RowsPerStatement = 20_000;

    /// <summary>Reads a whole sweep's vectors in two passes. First each wanted key's row id, from the primary-key index alone
    /// (it holds the row id, so no table page is touched); then the rows themselves in ascending row id, which is the order
    /// the table keeps them in, so the file is read front to back instead of one random page per key. Each blob is copied
    /// from SQLite's own buffer straight into its row of <paramref name="destination"/> (sqlite3_column_blob), with no array
    /// per row; Microsoft.Data.Sqlite's reader would allocate one per blob.</summary>
    /// <remarks>The statements run on the store's own pooled connection (busy timeout set), through the SQLite library the
    /// provider itself calls. A blob whose length does not match its dimension is skipped, counted and logged, as in
    /// <see cref="SqlStore.ReadEmbeddingsAsync(DbCommand, string, int, CancellationToken)"/>; a vector of another dimension
    /// is not found.</remarks>
    public override async Task<int> ReadEmbeddingsIntoAsync(
        string modelFingerprint, IReadOnlyList<string> cacheKeys, int dimension, float[] destination, bool[] found, CancellationToken cancellationToken)
    {
        CheckDestination(modelFingerprint, cacheKeys, dimension, destination, found);
        if (cacheKeys.Count == 0)
        {
            return 0;
        }

        // Each distinct key once; the rows that ask for it again get a copy at the end.
        var first = new Dictionary<string, int>(cacheKeys.Count, StringComparer.Ordinal);
        var distinct = new List<int>(cacheKeys.Count);
        for (var i = 0; i < cacheKeys.Count; i++)
        {
            if (first.TryAdd(cacheKeys[i], i))
            {
                distinct.Add(i);
            }
        }

        await using var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
        // The statements are synchronous calls into SQLite that run for seconds at a million rows: on a thread of their own
        // (LongRunning), not a thread-pool thread the web host and the sweep's other stages need. Cancellation interrupts
        // the running statement (sqlite3_interrupt) instead of waiting for it to finish.
        return await Task.Factory.StartNew(
            () => ReadMapped(connection, modelFingerprint, cacheKeys, dimension, destination, found, first, distinct, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>The connection string of the store's pool (tests open the same pooled connections).</summary>
    internal string ConnectionString => connectionString;

    /// <summary>Memory-mapped for this read: SQLite then hands out blobs from the mapped file instead of copying every page
    /// in through a read call of its own. The pooled connection's own mmap_size is put back afterwards, whatever it was.</summary>
    private int ReadMapped(
        SqliteConnection connection, string modelFingerprint, IReadOnlyList<string> cacheKeys, int dimension, float[] destination, bool[] found,
        Dictionary<string, int> first, List<int> distinct, CancellationToken cancellationToken)
    {
        var previous = MappedSize(connection);
        Execute(connection, $"PRAGMA mmap_size = {MappedBytes}");
        try
        {
            using var interrupt = cancellationToken.Register(() => raw.sqlite3_interrupt(connection.Handle));
            return ReadInto(connection, modelFingerprint, cacheKeys, dimension, destination, found, first, distinct, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The read of the vectors was cancelled.", e, cancellationToken);
        }
        finally
        {
            Execute(connection, $"PRAGMA mmap_size = {previous.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    private static long MappedSize(SqliteConnection connection)
    {
        using var statement = Prepare(connection, "PRAGMA mmap_size");
        return Step(connection, statement) ? raw.sqlite3_column_int64(statement, 0) : 0;
    }

    /// <summary>The most of the file <see cref="ReadEmbeddingsIntoAsync"/> maps (SQLite caps it at its compile-time maximum).</summary>
    private const long MappedBytes = 1L << 32;

    private int ReadInto(
        SqliteConnection connection, string modelFingerprint, IReadOnlyList<string> cacheKeys, int dimension, float[] destination, bool[] found,
        Dictionary<string, int> first, List<int> distinct, CancellationToken cancellationToken)
    {
        var located = new List<(long RowId, int Row)>(distinct.Count);
        for (var start = 0; start < distinct.Count; start += RowsPerStatement)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(RowsPerStatement, distinct.Count - start);
            var keys = new string[count];
            for (var i = 0; i < count; i++)
            {
                keys[i] = cacheKeys[distinct[start + i]];
            }

            using var locate = Prepare(connection, """
                SELECT wanted.key, e.rowid
                FROM json_each(?1) AS wanted
                CROSS JOIN embeddings AS e
                WHERE e.model_fingerprint = ?2 AND e.cache_key = wanted.value
                """);
            Bind(connection, locate, 1, JsonSerializer.Serialize(keys, KeyJsonContext.Default.StringArray));
            Bind(connection, locate, 2, modelFingerprint);
            while (Step(connection, locate))
            {
                located.Add((raw.sqlite3_column_int64(locate, 1), distinct[start + raw.sqlite3_column_int(locate, 0)]));
            }
        }

        located.Sort((a, b) => a.RowId.CompareTo(b.RowId));
        var bytes = (long)dimension * sizeof(float);
        var corrupt = 0;
        var foundRows = 0;
        for (var start = 0; start < located.Count; start += RowsPerStatement)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(RowsPerStatement, located.Count - start);
            var ids = new System.Text.StringBuilder((count * 8) + 2).Append('[');
            for (var i = 0; i < count; i++)
            {
                ids.Append(i == 0 ? "" : ",").Append(located[start + i].RowId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            using var read = Prepare(connection, """
                SELECT wanted.key, e.dim, e.vector
                FROM json_each(?1) AS wanted
                CROSS JOIN embeddings AS e
                WHERE e.rowid = wanted.value
                """);
            Bind(connection, read, 1, ids.Append(']').ToString());
            while (Step(connection, read))
            {
                var row = located[start + raw.sqlite3_column_int(read, 0)].Row;
                var blob = raw.sqlite3_column_blob(read, 2);
                var dim = raw.sqlite3_column_int(read, 1);
                if (blob.Length != (long)dim * sizeof(float))
                {
                    corrupt++;
                    continue;
                }

                if (blob.Length != bytes)
                {
                    continue;
                }

                var target = destination.AsSpan(row * dimension, dimension);
                if (BitConverter.IsLittleEndian)
                {
                    blob.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(target));
                }
                else
                {
                    EmbeddingBlob.FromBytes(blob, dimension)!.CopyTo(target);
                }

                found[row] = true;
                foundRows++;
            }
        }

        LogCorruptEmbeddings(modelFingerprint, corrupt);
        for (var i = 0; i < cacheKeys.Count; i++)
        {
            var source = first[cacheKeys[i]];
            if (source != i && found[source])
            {
                destination.AsSpan(source * dimension, dimension).CopyTo(destination.AsSpan(i * dimension, dimension));
                found[i] = true;
                foundRows++;
            }
        }

        return foundRows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var statement = Prepare(connection, sql);
        while (Step(connection, statement))
        {
        }
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        return statement;
    }

    private static void Bind(SqliteConnection connection, sqlite3_stmt statement, int index, string value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, index, value), connection.Handle);

    /// <summary>True while the statement yields a row; SQLITE_DONE ends it, any other code throws.</summary>
    private static bool Step(SqliteConnection connection, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        return false;
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
