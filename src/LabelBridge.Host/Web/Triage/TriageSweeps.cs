using System.Collections.Concurrent;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Sweeps;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Loads finished sweeps for the triage page, keeping the few most recently used in memory (a 200k-point report
/// is read and indexed once, not on every page request).</summary>
internal sealed class TriageSweeps(ILabelBridgeStore store, IOptions<LabelBridgeOptions> options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 4 });

    private readonly ConcurrentDictionary<long, HistoryCounts> counts = new();

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

        var report = await store.GetCheckpointAsync(sweepId, SweepStage.Report, cancellationToken);
        var snapshot = await store.GetCheckpointAsync(sweepId, SweepStage.Snapshot, cancellationToken);
        if (report is null || snapshot is null)
        {
            return (null, Problem(StatusCodes.Status409Conflict, $"Sweep {sweepId} has no report."));
        }

        var loaded = new TriageSweep(sweep, SweepCheckpoints.Deserialize<SweepReport>(report), SweepCheckpoints.Deserialize<ProjectSnapshot>(snapshot),
            PlatformLinkOf(sweep.Project));
        cache.Set(sweepId, loaded, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return (loaded, null);
    }

    /// <summary>Findings by kind and plotted points of a finished sweep, for the history; read once per sweep.</summary>
    public async Task<HistoryCounts?> CountsAsync(SweepRecord sweep, CancellationToken cancellationToken)
    {
        if (counts.TryGetValue(sweep.Id, out var known))
        {
            return known;
        }

        if (await store.GetCheckpointAsync(sweep.Id, SweepStage.Report, cancellationToken) is not { } data)
        {
            return null;
        }

        var report = SweepCheckpoints.Deserialize<SweepReport>(data);
        return counts.GetOrAdd(sweep.Id, new HistoryCounts(report.Counts.FindingsByKind, report.Points.Count));
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

    private Func<Item, Uri?>? PlatformLinkOf(string projectName)
    {
        var project = options.Value.FindProject(projectName);
        var platform = project is null ? null : options.Value.FindPlatform(project.Platform);
        return project is null || platform?.Url is null ? null : PlatformLinks.For(platform, project.RemoteProjectId);
    }
}

/// <summary>What the history shows of one finished sweep.</summary>
internal sealed record HistoryCounts(IReadOnlyDictionary<string, int> FindingsByKind, int PointCount);
