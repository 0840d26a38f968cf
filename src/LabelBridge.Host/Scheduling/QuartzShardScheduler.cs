using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.Options;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>Each embedding shard is a durable Quartz job that requests recovery, with a one-shot trigger in the shard
/// execution group: whichever worker of the cluster has a free shard slot runs it, and when a worker dies mid-shard
/// Quartz hands the shard to another after <see cref="ScaleOptions.FailoverAfter"/>.</summary>
internal sealed class QuartzShardScheduler(ISchedulerFactory schedulers, IOptions<ScaleOptions> scale) : IEmbeddingShardScheduler
{
    public int ShardSizeFor(ProjectOptions project) => project.ShardSize ?? scale.Value.ShardSize;

    public async Task ScheduleAsync(long sweepId, IReadOnlyList<int> shardIndices, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var index in shardIndices)
        {
            var triggerKey = ShardJobKeys.Trigger(sweepId, index);
            if (await scheduler.Exists(triggerKey, cancellationToken))
            {
                continue;
            }

            var job = JobBuilder.Create<EmbeddingShardJob>()
                .WithIdentity(ShardJobKeys.Job(sweepId, index))
                .UsingJobData(EmbeddingShardJob.SweepKey, sweepId.ToString(CultureInfo.InvariantCulture))
                .UsingJobData(EmbeddingShardJob.ShardKey, index.ToString(CultureInfo.InvariantCulture))
                .StoreDurably()
                .RequestRecovery()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(job.Key)
                .WithExecutionGroup(ShardJobKeys.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            try
            {
                await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
            }
        }
    }

    public async Task ReleaseAsync(long sweepId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ShardJobKeys.Group), cancellationToken);
        var ours = keys.Where(k => ShardJobKeys.BelongsTo(k, sweepId)).ToList();
        if (ours.Count > 0)
        {
            await scheduler.DeleteJobs(ours, cancellationToken);
        }
    }
}
