using Dapper;

namespace LabelBridge.Storage.Sql;

/// <summary>The JPEG thumbnail of each annotation's patch, for the triage page.</summary>
internal abstract partial class SqlStore
{
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
}
