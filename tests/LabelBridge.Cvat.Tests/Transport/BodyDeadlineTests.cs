using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Transport;

/// <summary>Issue #15 item 1: a stalled frame body fails that item within its deadline instead of hanging the sweep.</summary>
public sealed class BodyDeadlineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Frame_served_one_byte_every_five_seconds_fails_its_item_at_the_body_read_deadline()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector(p => (p.BodyReadTimeout, p.MinimumTransferRate) = (TimeSpan.FromSeconds(1), 0));
        var item = (await connector.ReadProjectAsync(scene.ProjectId, Token)).Items[0];
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/data");

        var image = await connector.FetchImageAsync(item, Token);

        Assert.Null(image.Bytes);
        Assert.Equal(item.Key, image.Problem!.Subject);
        Assert.Contains("BodyReadTimeout", image.Problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frame_slower_than_the_minimum_transfer_rate_fails_its_item_after_one_window()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector(p => (p.MinimumTransferRate, p.TransferRateWindow) = (100, TimeSpan.FromSeconds(1)));
        var item = (await connector.ReadProjectAsync(scene.ProjectId, Token)).Items[0];
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/data");

        var image = await connector.FetchImageAsync(item, Token);

        Assert.Null(image.Bytes);
        Assert.Contains("MinimumTransferRate", image.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_frame_after_a_stalled_one_is_read_whole()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector(p => p.BodyReadTimeout = TimeSpan.FromSeconds(1));
        var items = (await connector.ReadProjectAsync(scene.ProjectId, Token)).Items;
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/data");

        var stalled = await connector.FetchImageAsync(items[0], Token);
        var next = await connector.FetchImageAsync(items[1], Token);

        Assert.NotNull(stalled.Problem);
        Assert.Null(next.Problem);
        Assert.NotNull(next.Bytes);
    }
}
