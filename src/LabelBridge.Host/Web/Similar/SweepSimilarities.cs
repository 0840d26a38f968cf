using System.Collections.Concurrent;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Web.Triage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace LabelBridge.Host.Web.Similar;

/// <summary>Loads a finished sweep's vectors from the embedding cache and indexes them once, for "more like this";
/// keeps the most recently used in memory (a 100k-patch sweep of 784-float rows is about 300 MB).</summary>
internal sealed class SweepSimilarities(ILabelBridgeStore store, ICachedVectorSource vectors, ProjectCatalog catalog) : IDisposable
{
    /// <summary>The cache holds indexes up to this many floats in total. An index that does not fit beside the cached
    /// ones is answered from but not kept; that attempt evicts the least recently used, so its next load is kept.</summary>
    public const long CachedFloats = 120_000_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CachedFloats });

    private readonly ConcurrentDictionary<long, Lazy<Task<(SweepSimilarity?, ProblemDetails?)>>> loading = new();

    public void Dispose() => cache.Dispose();

    /// <summary>The sweep's indexes, or a problem a reviewer can read (409: the vectors cannot be read back).</summary>
    public async Task<(SweepSimilarity? Similarity, ProblemDetails? Problem)> LoadAsync(TriageSweep sweep, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(sweep.Sweep.Id, out SweepSimilarity? cached) && cached is not null)
        {
            return (cached, null);
        }

        var load = loading.GetOrAdd(sweep.Sweep.Id, _ => new Lazy<Task<(SweepSimilarity?, ProblemDetails?)>>(() => ReadAsync(sweep)));
        try
        {
            return await load.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (load.IsValueCreated && load.Value.IsCompleted)
            {
                loading.TryRemove(new KeyValuePair<long, Lazy<Task<(SweepSimilarity?, ProblemDetails?)>>>(sweep.Sweep.Id, load));
            }
        }
    }

    // Not cancelled by the first caller: requests that arrive while it loads share it.
    private async Task<(SweepSimilarity?, ProblemDetails?)> ReadAsync(TriageSweep sweep)
    {
        var id = sweep.Sweep.Id;
        var checkpoint = await store.GetCheckpointAsync(id, SweepStage.Embeddings, CancellationToken.None);
        var summary = checkpoint is { Length: > 0 } ? SweepCheckpoints.Deserialize<EmbeddingSummary>(checkpoint) : null;
        if (summary is null || string.IsNullOrEmpty(summary.ModelFingerprint))
        {
            return (null, TriageSweeps.Problem(StatusCodes.Status409Conflict, $"Sweep {id} recorded no embedder, so it has no vectors to compare."));
        }

        var snapshot = (await sweep.SnapshotAsync(CancellationToken.None)).Snapshot;
        var read = await vectors.ReadAsync(sweep.Project, summary.ModelFingerprint, snapshot, CancellationToken.None);
        if (read.Embeddings is not { AnnotationKeys.Count: > 0 } embeddings)
        {
            return (null, TriageSweeps.Problem(StatusCodes.Status409Conflict, $"Sweep {id}: {read.Problem}"));
        }

        var thresholds = catalog.FindProject(sweep.Project)?.Thresholds ?? new Core.Configuration.AnalysisThresholds();
        var imageLevel = snapshot.Annotations.Where(a => a.IsImageLevel).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var similarity = await Task.Run(() => SweepSimilarity.Of(embeddings, imageLevel, read.Missing, thresholds.ExactSearchLimit, thresholds.Seed));
        cache.Set(id, similarity, new MemoryCacheEntryOptions { Size = Math.Clamp(similarity.Floats, 1, CachedFloats), SlidingExpiration = TimeSpan.FromMinutes(30) });
        return (similarity, null);
    }
}
