using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>One project's sweep, as Quartz runs it. Thin: the project and trigger come from the job data, the work
/// from <see cref="ProjectSweeps"/>. Never two at once for the same project, on any worker of a cluster. A firing that
/// continues a sharded sweep names it, and does nothing once that sweep has finished, so asking twice is harmless.</summary>
[DisallowConcurrentExecution]
internal sealed class SweepJob(ProjectSweeps sweeps, ILabelBridgeStore store, ILogger<SweepJob> logger) : IJob
{
    public const string ProjectKey = "project";
    public const string TriggerKey = "trigger";
    public const string ContinueSweepKey = "continue-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var project = context.MergedJobDataMap.GetString(ProjectKey)
            ?? throw new JobExecutionException("The sweep job has no project in its data.");
        var trigger = context.MergedJobDataMap.GetString(TriggerKey) ?? "schedule";
        if (context.MergedJobDataMap.GetString(ContinueSweepKey) is { } continued
            && await store.GetSweepAsync(long.Parse(continued, CultureInfo.InvariantCulture), cancellationToken) is not { Status: SweepStatus.Running or SweepStatus.Paused })
        {
            Log.NothingToContinue(logger, project, continued);
            return;
        }

        var outcome = await sweeps.RunAsync(project, trigger, null, null, cancellationToken);
        Log.SweepJobFinished(logger, project, trigger, outcome.SweepId, outcome.Status);
    }
}
