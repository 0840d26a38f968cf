using System.Data.Common;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>The embedding cache: vectors by (model fingerprint, cache key).</summary>
internal abstract partial class SqlStore
{
    protected abstract Task<IReadOnlyDictionary<string, float[]>> ReadEmbeddingsAsync(
        DbConnection connection, string modelFingerprint, string[] cacheKeys, CancellationToken cancellationToken);

    protected abstract Task WriteEmbeddingsAsync(
        DbConnection connection, DbTransaction transaction, string modelFingerprint, IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken);

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

    /// <summary>Reads in lookups of <see cref="LookupChunk"/> keys; SQLite overrides it with a read in storage order.</summary>
    public virtual async Task<int> ReadEmbeddingsIntoAsync(
        string modelFingerprint, IReadOnlyList<string> cacheKeys, int dimension, float[] destination, bool[] found, CancellationToken cancellationToken)
    {
        CheckDestination(modelFingerprint, cacheKeys, dimension, destination, found);
        var count = 0;
        for (var start = 0; start < cacheKeys.Count; start += LookupChunk)
        {
            var end = Math.Min(cacheKeys.Count, start + LookupChunk);
            var chunk = new List<string>(end - start);
            for (var i = start; i < end; i++)
            {
                chunk.Add(cacheKeys[i]);
            }

            var cached = await GetEmbeddingsAsync(modelFingerprint, chunk, cancellationToken);
            for (var i = start; i < end; i++)
            {
                if (cached.TryGetValue(cacheKeys[i], out var vector) && vector.Length == dimension)
                {
                    vector.CopyTo(destination, (long)i * dimension);
                    found[i] = true;
                    count++;
                }
            }
        }

        return count;
    }

    private const int LookupChunk = 2_000;

    protected static void CheckDestination(string modelFingerprint, IReadOnlyList<string> cacheKeys, int dimension, float[] destination, bool[] found)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelFingerprint);
        ArgumentNullException.ThrowIfNull(cacheKeys);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.LongLength, (long)cacheKeys.Count * dimension, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfLessThan(found.Length, cacheKeys.Count, nameof(found));
    }

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
            var vector = EmbeddingBlob.FromBytes(await reader.GetFieldValueAsync<byte[]>(2, cancellationToken), reader.GetInt32(1));
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
