using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Sweeps;
using Microsoft.Extensions.Options;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>One embedding shard of a sweep, run by whichever worker picked it up: embeds the shard's annotations into
/// the shared embedding cache, records who did it, and, when it was the sweep's last shard, asks for the project's
/// sweep job, which continues the sweep with every patch in the cache.</summary>
/// <remarks>Running a shard again (recovered from a worker taken for dead) costs cache lookups and changes nothing.
/// A platform outage pauses the sweep; its next run queues the unfinished shards again.</remarks>
internal sealed class EmbeddingShardJob(
    ILabelBridgeStore store,
    ISweepShardStore shards,
    IAnnotationEmbedder embedder,
    ProjectSweeps sweeps,
    DefaultModelProvisioning models,
    SweepMetrics metrics,
    IOptions<LabelBridgeOptions> options,
    TimeProvider time,
    ILogger<EmbeddingShardJob> logger) : IJob
{
    public const string SweepKey = "sweep";
    public const string ShardKey = "shard";

    /// <summary>The trigger of the sweep job that continues a sweep once its shards are in.</summary>
    public const string ContinueTrigger = "shards";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sweepId = long.Parse(Required(context, SweepKey), CultureInfo.InvariantCulture);
        var index = int.Parse(Required(context, ShardKey), CultureInfo.InvariantCulture);
        var instance = context.Scheduler.SchedulerInstanceId;
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken);
        var all = await shards.GetShardsAsync(sweepId, cancellationToken);
        var shard = all.FirstOrDefault(s => s.Index == index);
        if (sweep is not { Status: SweepStatus.Running or SweepStatus.Paused } || shard is null || shard.IsComplete)
        {
            Log.ShardNotNeeded(logger, sweepId, index);
            if (sweep is { Status: SweepStatus.Running or SweepStatus.Paused } && all.All(s => s.IsComplete))
            {
                await ContinueSweepAsync(context.Scheduler, sweep, cancellationToken);
            }

            return;
        }

        await shards.ClaimShardAsync(sweepId, index, instance, time.GetUtcNow(), cancellationToken);
        Log.ShardStarted(logger, sweepId, index, instance, context.Recovering);
        try
        {
            var result = await EmbedAsync(sweep, shard, cancellationToken);
            var completion = await shards.CompleteShardAsync(sweepId, index, instance, SweepCheckpoints.Serialize(result), time.GetUtcNow(), cancellationToken);
            Log.ShardFinished(logger, sweepId, index, instance, result.Embedded, result.CacheHits, completion.Remaining);
            if (completion.FinishedLast)
            {
                await ContinueSweepAsync(context.Scheduler, sweep, cancellationToken);
            }
        }
        catch (PlatformUnavailableException exception)
        {
            Log.ShardPaused(logger, sweepId, index, exception.Message);
            await store.FinishSweepAsync(sweepId, SweepStatus.Paused, time.GetUtcNow(), exception.Message, CancellationToken.None);
        }
    }

    /// <summary>Fires the project's sweep job for this sweep. A worker that died between finishing the last shard and
    /// getting here has the shard recovered, finds it done, and asks again; the trigger's fixed name and the sweep job's
    /// own check make the second request harmless.</summary>
    private static async Task ContinueSweepAsync(IScheduler scheduler, SweepRecord sweep, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(SweepJobKeys.Continue(sweep.Project, sweep.Id))
            .ForJob(SweepJobKeys.Job(sweep.Project))
            .UsingJobData(SweepJob.TriggerKey, ContinueTrigger)
            .UsingJobData(SweepJob.ContinueSweepKey, sweep.Id.ToString(CultureInfo.InvariantCulture))
            .StartNow()
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
        }
    }

    private async Task<EmbeddingShardResult> EmbedAsync(SweepRecord sweep, SweepShardRecord shard, CancellationToken cancellationToken)
    {
        var (project, platform) = sweeps.Configured(sweep.Project);
        var checkpoint = await store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, cancellationToken)
            ?? throw new InvalidOperationException($"Sweep {sweep.Id} has shards but no snapshot.");
        var snapshot = SweepCheckpoints.Deserialize<ProjectSnapshot>(checkpoint);
        var (items, annotations) = EmbeddingShards.Select(snapshot, SweepCheckpoints.Deserialize<HashSet<string>>(shard.Scope));

        await models.EnsureAsync(project.Embedder ?? options.Value.Embedding.Embedder, cancellationToken);
        var request = new EmbeddingRequest(project.Name, snapshot.Platform, items, annotations, sweeps.CreateConnector(platform));
        var embeddings = await embedder.EmbedAsync(request, null, cancellationToken);
        metrics.PatchesEmbedded.Add(embeddings.Embedded);
        return new EmbeddingShardResult(embeddings.ModelFingerprint, annotations.Count, embeddings.Embedded, embeddings.CacheHits);
    }

    private static string Required(IJobExecutionContext context, string key) =>
        context.MergedJobDataMap.GetString(key) ?? throw new JobExecutionException($"The embedding shard job has no '{key}' in its data.");
}
