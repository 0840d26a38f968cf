using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Sweeps;

/// <summary>One embedding shard of a sweep, run by whichever worker picked it up: embeds the shard's annotations into
/// the shared embedding cache and records who did it. Its answer says whether the sweep is ready to continue (the shard
/// was its last one), which the caller turns into a run of the project's sweep.</summary>
/// <remarks>Running a shard again (recovered from a worker taken for dead) costs cache lookups and changes nothing.
/// A platform outage pauses the sweep; its next run queues the unfinished shards again. Each run claims its shard with a
/// fresh token kept beside the sweep's checkpoints and reads it every <see cref="OwnerCheckInterval"/> while it embeds
/// (<see cref="OwnerWatch"/>): a run whose shard another worker has started since (Quartz took the first for dead while it
/// was only slow) stops reading images and embedding within that time and leaves the shard to the other.</remarks>
public sealed class EmbeddingShardWork(
    ILabelBridgeStore store,
    ISweepShardStore shards,
    IAnnotationEmbedder embedder,
    ProjectCatalog catalog,
    IModelProvisioning models,
    SweepMetrics metrics,
    IOptions<EmbeddingOptions> embedding,
    TimeProvider time,
    ILogger<EmbeddingShardWork> logger)
{
    /// <param name="sweepId">The sweep the shard belongs to.</param>
    /// <param name="index">The shard's index in the sweep.</param>
    /// <param name="instance">The worker running it, as recorded in the store.</param>
    /// <param name="recovering">The shard is run again after the worker that had it was taken for dead.</param>
    /// <param name="cancellationToken">Cancels the shard; it is run again later.</param>
    /// <returns>The sweep to continue, when every shard of it is now done; otherwise null.</returns>
    public async Task<SweepRecord?> RunAsync(long sweepId, int index, string instance, bool recovering, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        var all = await shards.GetShardsAsync(sweepId, cancellationToken);
        var shard = all.FirstOrDefault(s => s.Index == index);
        if (sweep is not { Status: SweepStatus.Running or SweepStatus.Paused } || shard is null || shard.IsComplete)
        {
            Log.ShardNotNeeded(logger, sweepId, index);
            return sweep is { Status: SweepStatus.Running or SweepStatus.Paused } && all.All(s => s.IsComplete) ? sweep : null;
        }

        await shards.ClaimShardAsync(sweepId, index, instance, time.GetUtcNow(), cancellationToken);
        // This run's own claim, beside the shard: a later run of the shard (recovered on another worker) replaces it.
        var claim = Guid.NewGuid().ToByteArray();
        await store.PutSweepPartAsync(sweepId, ClaimPart(index), claim, cancellationToken);
        Log.ShardStarted(logger, sweepId, index, instance, recovering);
        await using var watch = new OwnerWatch(
            token => OwnsAsync(sweepId, index, claim, token), OwnerCheckInterval, time,
            exception => Log.ShardClaimCheckFailed(logger, sweepId, index, exception.Message), cancellationToken);
        try
        {
            // Embedded to the end (the cache holds it all): recorded even if another run took the shard meanwhile, which
            // then finds it done.
            var result = await EmbedAsync(sweep, shard, watch.Token);
            var completion = await shards.CompleteShardAsync(sweepId, index, instance, SweepCheckpoints.Serialize(result), time.GetUtcNow(), cancellationToken);
            Log.ShardFinished(logger, sweepId, index, instance, result.Embedded, result.CacheHits, completion.Remaining);
            return completion.FinishedLast ? sweep : null;
        }
        catch (OperationCanceledException) when (watch.Lost && !cancellationToken.IsCancellationRequested)
        {
            // Another worker runs this shard now (Quartz took this one for dead): it finishes and records it.
            Log.ShardTakenOver(logger, sweepId, index, instance);
            return null;
        }
        catch (PlatformUnavailableException exception)
        {
            Log.ShardPaused(logger, sweepId, index, exception.Message);
            await store.FinishSweepAsync(sweepId, SweepStatus.Paused, time.GetUtcNow(), exception.Message, CancellationToken.None);
            return null;
        }
    }

    /// <summary>How often a shard run reads, while it embeds, whether it still holds its shard; shorter in tests.</summary>
    internal TimeSpan OwnerCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The sweep part holding the claim of the run that started shard <paramref name="index"/> last.</summary>
    internal static string ClaimPart(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shard-claim/{index}");

    /// <summary>Whether this run still holds the shard: no later run has claimed it, and the sweep still wants it (not
    /// finished, failed or abandoned meanwhile).</summary>
    private async Task<bool> OwnsAsync(long sweepId, int index, byte[] claim, CancellationToken cancellationToken)
    {
        var current = await store.GetSweepPartAsync(sweepId, ClaimPart(index), cancellationToken);
        if (current is null || !current.AsSpan().SequenceEqual(claim))
        {
            return false;
        }

        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        return sweep is { Status: SweepStatus.Running or SweepStatus.Paused };
    }

    private async Task<EmbeddingShardResult> EmbedAsync(SweepRecord sweep, SweepShardRecord shard, CancellationToken cancellationToken)
    {
        var configured = catalog.Get(sweep.Project);
        var checkpoint = await store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, cancellationToken)
            ?? throw new InvalidOperationException($"Sweep {sweep.Id} has shards but no snapshot.");
        // Only the shard's items and their annotations, from the parts of the snapshot checkpoint that hold them.
        var scope = SweepCheckpoints.Deserialize<HashSet<string>>(shard.Scope);
        var read = await SnapshotCheckpoint.TryReadAsync(store, sweep.Id, checkpoint, scope, cancellationToken);
        if (read.Snapshot is not { } snapshot)
        {
            // Done without embedding: the sweep's own run then finds the same checkpoint unreadable, takes the snapshot
            // again from the platform and embeds what is missing from the cache itself (a failing shard would hold the
            // sweep waiting instead).
            Log.ShardSnapshotUnreadable(logger, sweep.Id, shard.Index, read.Reason!);
            return new EmbeddingShardResult("", 0, 0, 0);
        }

        var (items, annotations) = (snapshot.Items, snapshot.Annotations);

        await models.EnsureAsync(configured.Project.Embedder ?? embedding.Value.Embedder, cancellationToken);
        var request = new EmbeddingRequest(configured.Name, snapshot.Platform, items, annotations, catalog.CreateConnector(configured));
        var embeddings = await embedder.EmbedAsync(request, null, cancellationToken);
        metrics.PatchesEmbedded.Add(embeddings.Embedded);
        return new EmbeddingShardResult(embeddings.ModelFingerprint, annotations.Count, embeddings.Embedded, embeddings.CacheHits);
    }
}
