using Quartz;

namespace LabelBridge.Host.Scheduling;

internal static class SweepJobKeys
{
    public const string Group = "sweeps";

    public static JobKey Job(string project) => new(project, Group);

    public static TriggerKey Schedule(string project) => new($"{project}.schedule", Group);

    public static TriggerKey Webhook(string project) => new($"{project}.webhook", Group);

    /// <summary>The one trigger that continues a sweep once its embedding shards are in; asking twice asks once.</summary>
    public static TriggerKey Continue(string project, long sweepId) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{project}.continue.{sweepId}"), Group);
}
