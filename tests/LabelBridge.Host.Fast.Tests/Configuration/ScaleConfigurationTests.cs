using LabelBridge.Core.Configuration;
using LabelBridge.Host.Configuration;

namespace LabelBridge.Host.Tests.Cluster;

public sealed class ScaleConfigurationTests
{
    [Fact]
    public void Defaults_are_valid_and_bad_scale_settings_are_each_named_with_their_key()
    {
        var options = new LabelBridgeOptions
        {
            Scale = new ScaleOptions
            {
                ShardSize = -1,
                ShardsPerWorker = 0,
                InstanceId = "worker a",
                CheckinInterval = TimeSpan.Zero,
                FailoverAfter = TimeSpan.FromSeconds(-1),
                PollInterval = TimeSpan.FromMilliseconds(200),
            },
            Projects = [new ProjectOptions { Name = "p", Platform = "nowhere", RemoteProjectId = "1", ShardSize = -5 }],
        };

        var problems = LabelBridgeOptionsValidator.Problems(options).Select(p => p.Key).ToList();

        Assert.DoesNotContain(LabelBridgeOptionsValidator.Problems(new LabelBridgeOptions()), p => p.Key.StartsWith("Scale.", StringComparison.Ordinal));
        Assert.Equal(
            ["Scale.CheckinInterval", "Scale.FailoverAfter", "Scale.InstanceId", "Scale.PollInterval", "Scale.ShardSize", "Scale.ShardsPerWorker"],
            problems.Where(k => k.StartsWith("Scale.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Projects[0].ShardSize", problems);
    }
}
