using Dapper;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>Labels reviewers changed on the platform from the triage page. Rows are only added: the history of one
/// annotation keeps every change.</summary>
internal abstract partial class SqlStore
{
    public async Task SaveRelabelAsync(RelabelRecord relabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relabel);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO relabels (project, sweep_id, finding_key, annotation_key, old_label, new_label, reviewer, relabelled_at)
            VALUES (@Project, @SweepId, @FindingKey, @AnnotationKey, @OldLabel, @NewLabel, @Reviewer, @RelabelledAt)
            """,
            RelabelRow.From(relabel),
            null,
            cancellationToken));
    }

    public async Task<IReadOnlyList<RelabelRecord>> GetRelabelsAsync(string project, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RelabelRow>(Command(
            $"{RelabelRow.Select} WHERE project = @Project ORDER BY relabelled_at DESC, finding_key", new { Project = project }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    private sealed class RelabelRow
    {
        public const string Select =
            "SELECT project AS Project, sweep_id AS SweepId, finding_key AS FindingKey, annotation_key AS AnnotationKey, " +
            "old_label AS OldLabel, new_label AS NewLabel, reviewer AS Reviewer, relabelled_at AS RelabelledAt FROM relabels";

        public string Project { get; init; } = "";

        public long SweepId { get; init; }

        public string FindingKey { get; init; } = "";

        public string AnnotationKey { get; init; } = "";

        public string OldLabel { get; init; } = "";

        public string NewLabel { get; init; } = "";

        public string Reviewer { get; init; } = "";

        public string RelabelledAt { get; init; } = "";

        public static RelabelRow From(RelabelRecord relabel) => new()
        {
            Project = relabel.Project,
            SweepId = relabel.SweepId,
            FindingKey = relabel.FindingKey,
            AnnotationKey = relabel.AnnotationKey,
            OldLabel = relabel.OldLabel,
            NewLabel = relabel.NewLabel,
            Reviewer = relabel.Reviewer,
            RelabelledAt = StoredTime.ToText(relabel.RelabelledAt),
        };

        public RelabelRecord ToRecord() =>
            new(Project, SweepId, FindingKey, AnnotationKey, OldLabel, NewLabel, Reviewer, StoredTime.FromText(RelabelledAt));
    }
}
