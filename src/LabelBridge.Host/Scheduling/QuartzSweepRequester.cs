using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.Options;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>Every trigger runs the project's one Quartz job. Webhook requests are debounced: the first schedules a
/// run after <see cref="WebOptions.WebhookDebounce"/>, and further events before it fires join that run.</summary>
internal sealed class QuartzSweepRequester(ISchedulerFactory schedulers, ProjectCatalog catalog, IOptions<WebOptions> web, TimeProvider time) : ISweepRequester
{
    public async Task RequestSweepAsync(string project, string trigger, CancellationToken cancellationToken)
    {
        if (!catalog.Contains(project))
        {
            throw new InvalidOperationException($"Project '{project}' is not configured.");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var debounced = trigger == "webhook";
        var key = debounced ? SweepJobKeys.Webhook(project) : new TriggerKey($"{project}.{trigger}.{Guid.NewGuid():N}", SweepJobKeys.Group);
        if (debounced && await scheduler.Exists(key, cancellationToken))
        {
            return;
        }

        var start = time.GetUtcNow() + (debounced ? web.Value.WebhookDebounce : TimeSpan.Zero);
        var oneShot = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(SweepJobKeys.Job(project))
            .UsingJobData(SweepJob.TriggerKey, trigger)
            .StartAt(start)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(oneShot, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException) when (debounced)
        {
        }
    }
}
