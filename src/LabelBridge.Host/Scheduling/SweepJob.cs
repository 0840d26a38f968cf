using LabelBridge.Host.Sweeps;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>One project's sweep, as Quartz runs it. Thin: the project and trigger come from the job data, the work
/// from <see cref="ProjectSweeps"/>. Never two at once for the same project.</summary>
[DisallowConcurrentExecution]
internal sealed class SweepJob(ProjectSweeps sweeps, ILogger<SweepJob> logger) : IJob
{
    public const string ProjectKey = "project";
    public const string TriggerKey = "trigger";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var project = context.MergedJobDataMap.GetString(ProjectKey)
            ?? throw new JobExecutionException("The sweep job has no project in its data.");
        var trigger = context.MergedJobDataMap.GetString(TriggerKey) ?? "schedule";
        var outcome = await sweeps.RunAsync(project, trigger, null, null, cancellationToken);
        Log.SweepJobFinished(logger, project, trigger, outcome.SweepId, outcome.Status);
    }
}
