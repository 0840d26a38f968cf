using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Loads finished sweeps for the triage page and keeps the most recently used in memory: a 200k-point sweep's
/// report and snapshot are read and indexed once, not on every page request, and requests that arrive together while
/// it loads share one load.</summary>
internal sealed class TriageSweeps(ILabelBridgeStore store, ProjectCatalog catalog) : IDisposable
{
    /// <summary>The cache holds sweeps up to this many plotted points in total (the most recently used one always fits).</summary>
    public const int CachedPoints = 1_000_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CachedPoints });

    private readonly ConcurrentDictionary<long, Lazy<Task<TriageSweep?>>> loading = new();

    private readonly ConcurrentDictionary<long, HistoryCounts> counts = new();

    private readonly ConcurrentDictionary<long, QualityTable?> qualityTables = new();

    /// <summary>How a loaded sweep builds its /points columns; a test replaces it to count or fail the builds.</summary>
    internal Func<TriageSweep, PointColumns> BuildPointColumns { get; set; } = PointColumns.Of;

    public void Dispose() => cache.Dispose();

    /// <summary>The sweep, or a problem a reviewer can read: 404 when it does not exist, 409 while it has no report.</summary>
    public async Task<(TriageSweep? Sweep, ProblemDetails? Problem)> LoadAsync(long sweepId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(sweepId, out TriageSweep? cached) && cached is not null)
        {
            return (cached, null);
        }

        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        if (sweep is null)
        {
            return (null, Problem(StatusCodes.Status404NotFound, $"Sweep {sweepId} does not exist."));
        }

        if (Unfinished(sweep) is { } reason)
        {
            return (null, Problem(StatusCodes.Status409Conflict, reason));
        }

        var load = loading.GetOrAdd(sweepId, _ => new Lazy<Task<TriageSweep?>>(() => ReadAsync(sweep)));
        try
        {
            var loaded = await load.Value.WaitAsync(cancellationToken);
            return loaded is null ? (null, Problem(StatusCodes.Status409Conflict, $"Sweep {sweepId} has no report.")) : (loaded, null);
        }
        finally
        {
            if (load.IsValueCreated && load.Value.IsCompleted)
            {
                loading.TryRemove(new KeyValuePair<long, Lazy<Task<TriageSweep?>>>(sweepId, load));
            }
        }
    }

    /// <summary>Findings by kind and plotted points of a finished sweep, for the history; read once per sweep, without
    /// materialising its points.</summary>
    public async Task<HistoryCounts?> CountsAsync(SweepRecord sweep, CancellationToken cancellationToken)
    {
        if (counts.TryGetValue(sweep.Id, out var known))
        {
            return known;
        }

        if (cache.TryGetValue(sweep.Id, out TriageSweep? cached) && cached is not null)
        {
            return counts.GetOrAdd(sweep.Id, new HistoryCounts(cached.Report.Counts.FindingsByKind, cached.Report.Points.Count));
        }

        var data = await PartedCheckpoint.ReadBytesAsync(store, sweep.Id, SweepStage.Report, cancellationToken);
        return data is { } bytes ? counts.GetOrAdd(sweep.Id, HistoryCounts.Read(bytes)) : null;
    }

    /// <summary>The quality table a finished sweep's report keeps (null for reports written before it was), read once per sweep.</summary>
    public async Task<QualityTable?> QualityTableAsync(SweepRecord sweep, CancellationToken cancellationToken)
    {
        if (qualityTables.TryGetValue(sweep.Id, out var known))
        {
            return known;
        }

        var table = cache.TryGetValue(sweep.Id, out TriageSweep? cached) && cached is not null
            ? cached.Report.Quality
            : await QualityTrends.ReadTableAsync(store, sweep, cancellationToken);
        return qualityTables.GetOrAdd(sweep.Id, table);
    }

    /// <summary>Why a sweep has no report yet, or null when it is finished.</summary>
    public static string? Unfinished(SweepRecord sweep) => sweep.Status switch
    {
        SweepStatus.Running => $"Sweep {sweep.Id} is still running (stage {Next(sweep.Stage)}).",
        SweepStatus.Paused => $"Sweep {sweep.Id} paused: {sweep.Error}",
        SweepStatus.Failed => $"Sweep {sweep.Id} failed: {sweep.Error}",
        _ => sweep.Stage < SweepStage.Report ? $"Sweep {sweep.Id} has no report." : null,
    };

    public static ProblemDetails Problem(int status, string title) => new() { Status = status, Title = title };

    private static SweepStage Next(SweepStage stage) => stage < SweepStage.Report ? stage + 1 : stage;

    /// <summary>Reads the report and makes the sweep ready from it; the snapshot (at 1M annotations several times the
    /// report's size) is read and indexed in the background and awaited only by what needs it (and here only for reports
    /// whose points carry no population). Null when the report checkpoint is missing; a missing snapshot fails the
    /// requests that need it.</summary>
    private async Task<TriageSweep?> ReadAsync(SweepRecord sweep)
    {
        // Deserialised from its parts in turn (a 1M-point report is about 190 MB of JSON), not from one buffer.
        var report = await Task.Run(() => PartedCheckpoint.ReadAsync<SweepReport>(store, sweep.Id, SweepStage.Report, CancellationToken.None));
        if (report is null)
        {
            return null;
        }

        var link = PlatformLinkOf(sweep.Project);
        var snapshot = Task.Run(async () =>
        {
            var snapshotData = await store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, CancellationToken.None)
                ?? throw new InvalidDataException($"Sweep {sweep.Id} has a report but no snapshot checkpoint.");
            return new SweepSnapshot(await SnapshotCheckpoint.ReadAsync(store, sweep.Id, snapshotData, null, CancellationToken.None), link);
        });

        var populations = TriageSweep.PopulationsOf(report) ?? TriageSweep.PopulationsOf(report, await snapshot);
        var loaded = new TriageSweep(sweep, report, snapshot, populations, BuildPointColumns);
        cache.Set(sweep.Id, loaded, new MemoryCacheEntryOptions { Size = Math.Clamp(report.Points.Count, 1, CachedPoints), SlidingExpiration = TimeSpan.FromMinutes(30) });
        // A failed snapshot read is not kept: the sliding expiry would fail every request that needs it for as long as the
        // sweep stays open; dropped, the next request reads the sweep again. Registered after Set, so it runs after it.
        _ = snapshot.ContinueWith(_ => cache.Remove(sweep.Id), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return loaded;
    }

    private Func<Item, Uri?>? PlatformLinkOf(string projectName)
    {
        var configured = catalog.Find(projectName, out _);
        return configured?.Platform.Url is null ? null : PlatformLinks.For(configured.Platform, configured.Project.RemoteProjectId);
    }
}

/// <summary>What the history shows of one finished sweep.</summary>
internal sealed record HistoryCounts(IReadOnlyDictionary<string, int> FindingsByKind, int PointCount)
{
    /// <summary>Reads the counts and the number of points of a report checkpoint with a forward-only reader, skipping
    /// over everything else.</summary>
    public static HistoryCounts Read(ReadOnlySequence<byte> report)
    {
        var reader = new Utf8JsonReader(report);
        IReadOnlyDictionary<string, int> byKind = new Dictionary<string, int>();
        var points = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            var name = reader.GetString();
            reader.Read();
            if (name == "counts")
            {
                byKind = JsonSerializer.Deserialize<Core.Sweeps.SweepCounts>(ref reader, SweepCheckpoints.Json)?.FindingsByKind ?? byKind;
            }
            else if (name == "points" && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    points++;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new HistoryCounts(byKind, points);
    }
}
