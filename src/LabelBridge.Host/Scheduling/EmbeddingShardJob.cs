using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>One embedding shard of a sweep, as Quartz runs it. Thin: the work is <see cref="EmbeddingShardWork"/>; when
/// the shard was the sweep's last, this asks for the project's sweep job, which continues the sweep with every patch in
/// the cache.</summary>
/// <remarks>Each shard is its own durable job, so shards run in parallel across the cluster; no
/// <c>[DisallowConcurrentExecution]</c>, which would add Quartz's blocked-trigger state to the recovery of a dead worker's
/// shard for no gain (completing a shard twice is already harmless).</remarks>
internal sealed class EmbeddingShardJob(EmbeddingShardWork work) : IJob
{
    public const string SweepKey = "sweep";
    public const string ShardKey = "shard";

    /// <summary>The trigger of the sweep job that continues a sweep once its shards are in.</summary>
    public const string ContinueTrigger = "shards";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sweepId = long.Parse(Required(context, SweepKey), CultureInfo.InvariantCulture);
        var index = int.Parse(Required(context, ShardKey), CultureInfo.InvariantCulture);
        if (await work.RunAsync(sweepId, index, context.Scheduler.SchedulerInstanceId, context.Recovering, cancellationToken) is { } ready)
        {
            await ContinueSweepAsync(context.Scheduler, ready, cancellationToken);
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

    private static string Required(IJobExecutionContext context, string key) =>
        context.MergedJobDataMap.GetString(key) ?? throw new JobExecutionException($"The embedding shard job has no '{key}' in its data.");
}
