using Quartz;

namespace LabelBridge.Host.Scheduling;

internal static class SweepJobKeys
{
    public const string Group = "sweeps";

    public static JobKey Job(string project) => new(project, Group);

    public static TriggerKey Schedule(string project) => new($"{project}.schedule", Group);

    public static TriggerKey Webhook(string project) => new($"{project}.webhook", Group);
}
