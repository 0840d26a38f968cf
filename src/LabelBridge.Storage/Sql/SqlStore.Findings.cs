using System.Data.Common;
using Dapper;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>The findings of each sweep, in their order.</summary>
internal abstract partial class SqlStore
{
    public async Task SaveFindingsAsync(long sweepId, IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken)
    {
        var rows = new FindingRow[findings.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            if (findings[i].SweepId != sweepId)
            {
                throw new ArgumentException($"Finding {findings[i].Finding.Key} belongs to sweep {findings[i].SweepId}, not {sweepId}.", nameof(findings));
            }

            rows[i] = FindingRow.From(findings[i], i);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "DELETE FROM findings WHERE sweep_id = @SweepId", new { SweepId = sweepId }, transaction, cancellationToken));
        try
        {
            await connection.ExecuteAsync(Command(
                $"""
                INSERT INTO findings (sweep_id, finding_key, position, kind, score, annotation_key, annotation_version, item_key,
                                      given_label, suggested_label, reason, neighbours)
                VALUES (@SweepId, @FindingKey, @Position, @Kind, @Score, @AnnotationKey, @AnnotationVersion, @ItemKey,
                        @GivenLabel, @SuggestedLabel, @Reason, {JsonParameter("Neighbours")})
                """,
                rows,
                transaction,
                cancellationToken));
        }
        catch (DbException exception) when (IsMissingParent(exception))
        {
            throw new InvalidOperationException($"Sweep {sweepId} does not exist.", exception);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredFinding>> GetFindingsAsync(long sweepId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FindingRow>(Command(
            $"{FindingRow.Select} WHERE sweep_id = @SweepId ORDER BY position", new { SweepId = sweepId }, null, cancellationToken));
        return [.. rows.Select(row => row.ToRecord())];
    }

    private sealed class FindingRow
    {
        public const string Select =
            "SELECT sweep_id AS SweepId, finding_key AS FindingKey, position AS Position, kind AS Kind, score AS Score, " +
            "annotation_key AS AnnotationKey, annotation_version AS AnnotationVersion, item_key AS ItemKey, " +
            "given_label AS GivenLabel, suggested_label AS SuggestedLabel, reason AS Reason, neighbours AS Neighbours FROM findings";

        public long SweepId { get; init; }

        public string FindingKey { get; init; } = "";

        public long Position { get; init; }

        public string Kind { get; init; } = "";

        public double Score { get; init; }

        public string AnnotationKey { get; init; } = "";

        public string AnnotationVersion { get; init; } = "";

        public string ItemKey { get; init; } = "";

        public string GivenLabel { get; init; } = "";

        public string? SuggestedLabel { get; init; }

        public string Reason { get; init; } = "";

        public string Neighbours { get; init; } = "[]";

        public static FindingRow From(StoredFinding stored, int position)
        {
            var finding = stored.Finding;
            return new FindingRow
            {
                SweepId = stored.SweepId,
                FindingKey = finding.Key,
                Position = position,
                Kind = finding.Kind.ToString(),
                Score = finding.Score,
                AnnotationKey = finding.AnnotationKey,
                AnnotationVersion = stored.AnnotationVersion,
                ItemKey = stored.ItemKey,
                GivenLabel = finding.GivenLabel,
                SuggestedLabel = finding.SuggestedLabel,
                Reason = finding.Reason,
                Neighbours = NeighbourJson.ToJson(finding.Neighbours),
            };
        }

        public StoredFinding ToRecord() => new(
            SweepId,
            new Finding(
                FindingKey,
                Enum.Parse<FindingKind>(Kind),
                Score,
                AnnotationKey,
                GivenLabel,
                SuggestedLabel,
                NeighbourJson.FromJson(Neighbours),
                Reason),
            AnnotationVersion,
            ItemKey);
    }
}
