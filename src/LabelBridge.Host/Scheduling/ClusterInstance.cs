using System.Globalization;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Scheduling;

/// <summary>The name this worker goes by in the cluster: Quartz's instance id and the name recorded with its shards.</summary>
internal static class ClusterInstance
{
    public static string Id(ScaleOptions scale) =>
        string.IsNullOrWhiteSpace(scale.InstanceId)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}")
            : scale.InstanceId;
}
