using Dapper;
using LabelBridge.Core.Thresholds;
using LabelBridge.Storage.Encoding;

namespace LabelBridge.Storage.Sql;

/// <summary>Threshold overrides an admin set, with who and when.</summary>
internal abstract partial class SqlStore
{
    public async Task<IReadOnlyList<ThresholdOverride>> GetThresholdOverridesAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ThresholdOverrideRow>(Command(
            """
            SELECT project AS Project, name AS Name, value AS Value, set_by AS SetBy, set_at AS SetAt
            FROM threshold_overrides WHERE project = @Project ORDER BY name
            """,
            new { Project = project },
            null,
            cancellationToken));
        return [.. rows.Select(row => new ThresholdOverride(row.Project, row.Name, row.Value, row.SetBy, StoredTime.FromText(row.SetAt)))];
    }

    public async Task SaveThresholdOverrideAsync(ThresholdOverride entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Project);
        ArgumentException.ThrowIfNullOrEmpty(entry.Name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO threshold_overrides (project, name, value, set_by, set_at) VALUES (@Project, @Name, @Value, @SetBy, @SetAt)
            ON CONFLICT (project, name) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, set_at = excluded.set_at
            """,
            new { entry.Project, entry.Name, entry.Value, entry.SetBy, SetAt = StoredTime.ToText(entry.SetAt) },
            null,
            cancellationToken));
    }

    public async Task<bool> DeleteThresholdOverrideAsync(string project, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(Command(
            "DELETE FROM threshold_overrides WHERE project = @Project AND name = @Name",
            new { Project = project, Name = name },
            null,
            cancellationToken));
        return deleted > 0;
    }

    private sealed class ThresholdOverrideRow
    {
        public string Project { get; init; } = "";

        public string Name { get; init; } = "";

        public double Value { get; init; }

        public string SetBy { get; init; } = "";

        public string SetAt { get; init; } = "";
    }
}
