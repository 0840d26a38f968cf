using Dapper;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>Review markers on the platforms and reviewers' decisions.</summary>
internal abstract partial class SqlStore
{
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
            INSERT INTO markers (project, finding_key, annotation_key, marker_id, label_when_marked, written_at, resolved, server)
            VALUES (@Project, @FindingKey, @AnnotationKey, @MarkerId, @LabelWhenMarked, @WrittenAt, @Resolved, @Server)
            ON CONFLICT (project, finding_key) DO UPDATE SET
                annotation_key = excluded.annotation_key, marker_id = excluded.marker_id,
                label_when_marked = excluded.label_when_marked, written_at = excluded.written_at, resolved = excluded.resolved,
                server = excluded.server
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

    private sealed class MarkerRow
    {
        public const string Select =
            "SELECT project AS Project, finding_key AS FindingKey, annotation_key AS AnnotationKey, marker_id AS MarkerId, " +
            "label_when_marked AS LabelWhenMarked, written_at AS WrittenAt, resolved AS Resolved, server AS Server FROM markers";

        public string Project { get; init; } = "";

        public string FindingKey { get; init; } = "";

        public string AnnotationKey { get; init; } = "";

        public string MarkerId { get; init; } = "";

        public string LabelWhenMarked { get; init; } = "";

        public string WrittenAt { get; init; } = "";

        public bool Resolved { get; init; }

        public string Server { get; init; } = "";

        public static MarkerRow From(MarkerRecord marker) => new()
        {
            Project = marker.Project,
            FindingKey = marker.FindingKey,
            AnnotationKey = marker.AnnotationKey,
            MarkerId = marker.MarkerId,
            LabelWhenMarked = marker.LabelWhenMarked,
            WrittenAt = StoredTime.ToText(marker.WrittenAt),
            Resolved = marker.Resolved,
            Server = marker.Server,
        };

        public MarkerRecord ToRecord() =>
            new(Project, FindingKey, AnnotationKey, MarkerId, LabelWhenMarked, StoredTime.FromText(WrittenAt), Resolved, Server);
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
}
