using LabelBridge.LabelStudio.Tests.Fixtures;
namespace LabelBridge.LabelStudio.Tests.Transport;

/// <summary>Issue #15 item 1: a stalled image body fails that task within its deadline instead of hanging the sweep.</summary>
public sealed class BodyDeadlineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Image_served_one_byte_every_five_seconds_fails_its_task_at_the_body_read_deadline()
    {
        await using var harness = await Harness.StartAsync(configure: p => (p.BodyReadTimeout, p.MinimumTransferRate) = (TimeSpan.FromSeconds(1), 0));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        var item = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items[0];
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/data/upload/");

        var image = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(image.Bytes);
        Assert.Equal(item.Key, image.Problem!.Subject);
        Assert.Contains("BodyReadTimeout", image.Problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_slower_than_the_minimum_transfer_rate_fails_its_task_after_one_window()
    {
        await using var harness = await Harness.StartAsync(configure: p => (p.MinimumTransferRate, p.TransferRateWindow) = (100, TimeSpan.FromSeconds(1)));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        var item = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items[0];
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/data/upload/");

        var image = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(image.Bytes);
        Assert.Contains("MinimumTransferRate", image.Problem!.Reason, StringComparison.Ordinal);
    }
}
