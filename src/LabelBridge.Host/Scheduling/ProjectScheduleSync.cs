using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>Makes Quartz's stored schedules match the configuration at start-up: one durable sweep job per project,
/// one cron trigger per scheduled project in its time zone. A trigger whose cron and zone are unchanged is left as
/// stored, so a sweep missed while the worker was down still runs once (misfire: fire once, then proceed).</summary>
/// <remarks>Several workers on one PostgreSQL store all run this at start-up; whichever stores a trigger first wins and the others keep
/// it. The sweep job requests recovery, so a sweep whose worker died is continued by another worker (or by this one
/// when it restarts).</remarks>
internal sealed class ProjectScheduleSync(ISchedulerFactory schedulers, IOptions<ProjectsOptions> projects, ILogger<ProjectScheduleSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var project in projects.Value.Items)
        {
            var job = JobBuilder.Create<SweepJob>()
                .WithIdentity(SweepJobKeys.Job(project.Name))
                .UsingJobData(SweepJob.ProjectKey, project.Name)
                .StoreDurably()
                .RequestRecovery()
                .Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            await SyncScheduleAsync(scheduler, project, cancellationToken);
        }

        var configured = projects.Value.Items.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SweepJobKeys.Group), cancellationToken))
        {
            if (!configured.Contains(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                Log.ScheduleRemoved(logger, key.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncScheduleAsync(IScheduler scheduler, ProjectOptions project, CancellationToken cancellationToken)
    {
        var key = SweepJobKeys.Schedule(project.Name);
        var existing = await scheduler.GetTrigger(key, cancellationToken) as ICronTrigger;
        if (string.IsNullOrWhiteSpace(project.Schedule))
        {
            if (existing is not null)
            {
                await scheduler.UnscheduleJob(key, cancellationToken);
            }

            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(project.TimeZone);
        if (existing is not null && existing.CronExpressionString == project.Schedule && existing.TimeZone.Id == zone.Id)
        {
            return;
        }

        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(SweepJobKeys.Job(project.Name))
            .UsingJobData(SweepJob.TriggerKey, "schedule")
            .WithCronSchedule(project.Schedule, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        try
        {
            DateTimeOffset? next = existing is null
                ? await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken)
                : await scheduler.RescheduleJob(key, trigger, cancellationToken);
            Log.Scheduled(logger, project.Name, project.Schedule, zone.Id, next);
        }
        catch (ObjectAlreadyExistsException)
        {
        }
    }
}
