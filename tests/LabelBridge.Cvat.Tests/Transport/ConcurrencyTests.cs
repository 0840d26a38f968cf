using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Transport;

/// <summary>Issue #16: MaxConcurrentRequests caps the platform, however many connectors call it.</summary>
public sealed class ConcurrencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_connectors_of_one_platform_share_its_MaxConcurrentRequests()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.DelayNext(40, TimeSpan.FromMilliseconds(50));
        var first = harness.Connector(p => p.MaxConcurrentRequests = 1);
        var second = harness.Connector(p => p.MaxConcurrentRequests = 1);

        var snapshots = await Task.WhenAll(first.ReadProjectAsync(scene.ProjectId, Token), second.ReadProjectAsync(scene.ProjectId, Token));

        Assert.All(snapshots, s => Assert.Equal(scene.Expected.Count, s.Annotations.Count));
        Assert.Equal(1, harness.Emulator.MaxConcurrentRequests);
    }
}
