using Dapper;
using LabelBridge.Core.Platforms;

namespace LabelBridge.Storage.Sql;

/// <summary>The HTTP validators of fetched images, by image key (platform kind and the item's content id).</summary>
internal abstract partial class SqlStore
{
    private const int ImageVersionChunk = 500;

    public async Task<IReadOnlyDictionary<string, ImageVersion>> GetImageVersionsAsync(
        IReadOnlyCollection<string> imageKeys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ImageVersion>(StringComparer.Ordinal);
        if (imageKeys.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        foreach (var chunk in imageKeys.Distinct(StringComparer.Ordinal).Chunk(ImageVersionChunk))
        {
            // One named parameter per key: Dapper sends a list to Npgsql as one array (a syntax error after IN), so the
            // list is spelled out for both databases.
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add($"k{i}", chunk[i]);
            }

            var rows = await connection.QueryAsync<ImageVersionRow>(Command(
                $"SELECT image_key AS ImageKey, etag AS ETag, last_modified AS LastModified FROM image_versions WHERE image_key IN ({string.Join(", ", chunk.Select((_, i) => $"@k{i}"))})",
                parameters,
                null,
                cancellationToken));
            foreach (var row in rows)
            {
                found[row.ImageKey] = new ImageVersion(row.ETag, row.LastModified);
            }
        }

        return found;
    }

    public async Task PutImageVersionsAsync(IReadOnlyDictionary<string, ImageVersion> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO image_versions (image_key, etag, last_modified) VALUES (@ImageKey, @ETag, @LastModified)
            ON CONFLICT (image_key) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified
            """,
            versions.Select(v => new ImageVersionRow { ImageKey = v.Key, ETag = v.Value.ETag, LastModified = v.Value.LastModified }).ToList(),
            transaction,
            cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class ImageVersionRow
    {
        public string ImageKey { get; init; } = "";

        public string? ETag { get; init; }

        public string? LastModified { get; init; }
    }
}
