using Dapper;
using LabelBridge.Core.Storage;

namespace LabelBridge.Storage.Sql;

/// <summary>Choices kept between sweeps (the <c>auto</c> embedder's).</summary>
internal abstract partial class SqlStore
{
    public async Task<IReadOnlyList<EmbedderChoiceRecord>> GetEmbedderChoicesAsync(string scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EmbedderChoiceRow>(Command(
            """
            SELECT scope AS Scope, candidate AS Candidate, agreement AS Agreement, sequence AS Sequence
            FROM embedder_choices WHERE scope = @Scope ORDER BY sequence DESC, candidate
            """,
            new { Scope = scope },
            null,
            cancellationToken));
        return [.. rows.Select(row => new EmbedderChoiceRecord(row.Scope, row.Candidate, row.Agreement, (int)row.Sequence))];
    }

    public async Task SaveEmbedderChoiceAsync(EmbedderChoiceRecord choice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentException.ThrowIfNullOrEmpty(choice.Scope);
        ArgumentException.ThrowIfNullOrEmpty(choice.Candidate);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO embedder_choices (scope, candidate, agreement, sequence) VALUES (@Scope, @Candidate, @Agreement, @Sequence)
            ON CONFLICT (scope, candidate) DO UPDATE SET agreement = excluded.agreement, sequence = excluded.sequence
            """,
            new { choice.Scope, choice.Candidate, choice.Agreement, Sequence = (long)choice.Sequence },
            null,
            cancellationToken));
    }

    private sealed class EmbedderChoiceRow
    {
        public string Scope { get; init; } = "";

        public string Candidate { get; init; } = "";

        public double Agreement { get; init; }

        public long Sequence { get; init; }
    }
}
