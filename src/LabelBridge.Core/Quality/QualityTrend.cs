using System.Buffers;
using System.Text.Json;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Core.Quality;

/// <summary>One finished sweep of the trend (a column).</summary>
public sealed record TrendSweep(long SweepId, DateTimeOffset? FinishedAt);

/// <summary>One annotator's or job's findings per 100 annotations in each sweep of the trend, oldest first, aligned with
/// <see cref="QualityTrend.Sweeps"/>; null where the annotator or job had no annotations in that sweep.</summary>
public sealed record TrendRow(string Name, IReadOnlyList<double?> FindingsPer100);

/// <summary>Findings per 100 annotations per annotator and per job across a project's last finished sweeps, oldest first;
/// rows worst first in the newest sweep.</summary>
public sealed record QualityTrend(IReadOnlyList<TrendSweep> Sweeps, IReadOnlyList<TrendRow> Annotators, IReadOnlyList<TrendRow> Jobs);

/// <summary>Builds the trend from the quality table each sweep's report already keeps (its <see cref="SweepStage.Report"/>
/// checkpoint).</summary>
/// <remarks>Sweeps written before reports carried a quality table are absent from the trend: the table is not rebuilt
/// from their snapshots, which would mean reading every old snapshot for one request.</remarks>
public static class QualityTrends
{
    /// <summary>How many finished sweeps the trend covers unless asked otherwise.</summary>
    public const int DefaultSweeps = 10;

    /// <summary>The most sweeps a trend covers.</summary>
    public const int MaxSweeps = 100;

    /// <summary>Whether a sweep has a report to read a table from.</summary>
    public static bool IsFinished(SweepRecord sweep) => sweep.Status == SweepStatus.Succeeded && sweep.Stage >= SweepStage.Report;

    /// <summary>The newest <paramref name="last"/> finished sweeps of the project, with their quality tables, oldest first;
    /// sweeps whose report has no table are left out.</summary>
    /// <param name="store">Where sweeps and their report checkpoints are kept.</param>
    /// <param name="project">The configured project name.</param>
    /// <param name="last">How many finished sweeps to look at.</param>
    /// <param name="readTable">Reads one sweep's table (callers may cache: a finished sweep's report never changes).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<(SweepRecord Sweep, QualityTable Table)>> ReadAsync(
        ISweepStore store, string project, int last, Func<SweepRecord, CancellationToken, Task<QualityTable?>> readTable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(readTable);
        last = Math.Clamp(last, 0, MaxSweeps);
        var finished = new List<SweepRecord>(last);
        if (last > 0)
        {
            // Failed and paused sweeps sit between finished ones; look past a few of them.
            foreach (var sweep in await store.ListSweepsAsync(project, (last * 4) + 20, cancellationToken))
            {
                if (IsFinished(sweep))
                {
                    finished.Add(sweep);
                    if (finished.Count == last)
                    {
                        break;
                    }
                }
            }
        }

        var tables = new List<(SweepRecord, QualityTable)>(finished.Count);
        for (var i = finished.Count - 1; i >= 0; i--)
        {
            if (await readTable(finished[i], cancellationToken) is { } table)
            {
                tables.Add((finished[i], table));
            }
        }

        return tables;
    }

    /// <summary>The name the quality table of a sweep is kept under beside its checkpoints (<see cref="ISweepStore.PutSweepPartAsync"/>).</summary>
    public const string TablePart = "quality-table";

    /// <summary>Keeps <paramref name="table"/> as the sweep's own small record, so a trend reads a few kilobytes per sweep
    /// instead of each sweep's whole report (a 100k-annotation report is tens of megabytes).</summary>
    public static Task KeepTableAsync(ISweepStore store, long sweepId, QualityTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutSweepPartAsync(sweepId, TablePart, SweepCheckpoints.Serialize(table), cancellationToken);
    }

    /// <summary>Reads the quality table of a sweep: its own record (<see cref="KeepTableAsync"/>), or for a sweep finished
    /// before those were kept, straight from its report checkpoint.</summary>
    public static async Task<QualityTable?> ReadTableAsync(ISweepStore store, SweepRecord sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sweep);
        if (await store.GetSweepPartAsync(sweep.Id, TablePart, cancellationToken) is { Length: > 0 } kept)
        {
            return SweepCheckpoints.Deserialize<QualityTable>(kept);
        }

        var report = await PartedCheckpoint.ReadBytesAsync(store, sweep.Id, SweepStage.Report, cancellationToken);
        return report is { } bytes ? TableOf(bytes) : null;
    }

    /// <summary>The <c>quality</c> property of a report checkpoint, read with a forward-only reader that skips everything
    /// else (a large sweep's points are most of the report); null when the report has none.</summary>
    public static QualityTable? TableOf(ReadOnlySpan<byte> report)
    {
        var reader = new Utf8JsonReader(report);
        return TableOf(ref reader);
    }

    /// <summary>The <c>quality</c> property of a report checkpoint kept in parts (<see cref="PartedCheckpoint"/>).</summary>
    public static QualityTable? TableOf(ReadOnlySequence<byte> report)
    {
        var reader = new Utf8JsonReader(report);
        return TableOf(ref reader);
    }

    private static QualityTable? TableOf(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            var isQuality = reader.ValueTextEquals("quality"u8);
            reader.Read();
            if (isQuality)
            {
                return reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize<QualityTable>(ref reader, SweepCheckpoints.Json);
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>The trend of the given sweeps, oldest first.</summary>
    public static QualityTrend Build(IReadOnlyList<(SweepRecord Sweep, QualityTable Table)> sweeps)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        return new QualityTrend(
            sweeps.Select(s => new TrendSweep(s.Sweep.Id, s.Sweep.FinishedAt)).ToList(),
            Rows(sweeps, t => t.Annotators),
            Rows(sweeps, t => t.Jobs));
    }

    private static List<TrendRow> Rows(IReadOnlyList<(SweepRecord Sweep, QualityTable Table)> sweeps, Func<QualityTable, IReadOnlyList<QualityRow>> rowsOf)
    {
        var byName = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        for (var i = 0; i < sweeps.Count; i++)
        {
            foreach (var row in rowsOf(sweeps[i].Table))
            {
                if (!byName.TryGetValue(row.Name, out var values))
                {
                    values = new double?[sweeps.Count];
                    byName[row.Name] = values;
                }

                values[i] = row.FindingsPer100;
            }
        }

        return byName
            .OrderByDescending(p => p.Value.Length == 0 ? null : p.Value[^1])
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new TrendRow(p.Key, p.Value))
            .ToList();
    }
}
