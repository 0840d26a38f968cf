using System.Globalization;
using Quartz;

namespace LabelBridge.Host.Scheduling;

/// <summary>Names of the Quartz jobs and triggers of embedding shards: <c>{sweep}.{shard}</c> in one group, which
/// is also the execution group that <see cref="LabelBridge.Core.Configuration.ScaleOptions.ShardsPerWorker"/> limits.</summary>
internal static class ShardJobKeys
{
    public const string Group = "embedding-shards";

    public static JobKey Job(long sweepId, int shard) => new(Name(sweepId, shard), Group);

    public static TriggerKey Trigger(long sweepId, int shard) => new(Name(sweepId, shard), Group);

    public static bool BelongsTo(JobKey key, long sweepId) =>
        key.Group == Group && key.Name.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{sweepId}."), StringComparison.Ordinal);

    private static string Name(long sweepId, int shard) => string.Create(CultureInfo.InvariantCulture, $"{sweepId}.{shard}");
}
