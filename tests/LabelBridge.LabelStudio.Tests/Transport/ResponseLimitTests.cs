using LabelBridge.LabelStudio.Tests.Fixtures;
namespace LabelBridge.LabelStudio.Tests.Transport;

/// <summary>Issue #15 item 2: a page of tasks larger than MaxResponseBytes is refused as it arrives, named, and skipped;
/// the pages after it are read.</summary>
public sealed class ResponseLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tasks_page_above_max_response_bytes_is_named_and_skipped_and_the_next_pages_are_read()
    {
        await using var harness = await Harness.StartAsync(configure: p => (p.PageSize, p.MaxResponseBytes) = (1, 256 * 1024));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.AddTask(project, "b.png");
        harness.AddTask(project, "c.png");
        harness.Emulator.Faults.DelayNext(1, TimeSpan.Zero, "/api/tasks/");
        harness.Emulator.Faults.PadBodyNext(1, 64L * 1024 * 1024, "/api/tasks/");

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:project/{project}", problem.Subject);
        Assert.Contains("answer to api/tasks/ page 2 is ", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("above MaxResponseBytes (262144)", problem.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the tasks of page 2 (PageSize 1) were skipped", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(["a.png", "c.png"], snapshot.Items.Select(i => i.DisplayName));
    }

    [Fact]
    public async Task Tasks_page_slower_than_the_minimum_transfer_rate_is_named_within_one_window()
    {
        await using var harness = await Harness.StartAsync(configure: p => (p.MinimumTransferRate, p.TransferRateWindow, p.RequestTimeout) = (100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.Emulator.Faults.StallBodyNext(1, TimeSpan.FromSeconds(5), "/api/tasks/");

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Contains("MinimumTransferRate", problem.Reason, StringComparison.Ordinal);
    }
}
