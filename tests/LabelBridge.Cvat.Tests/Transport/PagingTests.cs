using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Transport;

/// <summary>Issue #15 item 4: every paged read ends, and a cut list is a named problem in the snapshot.</summary>
public sealed class PagingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Next_that_never_ends_stops_at_the_repeated_page_with_nothing_lost()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.EndlessPages = true;

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        Assert.Contains(snapshot.Problems, p => p.Reason.Contains("repeats page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_longer_than_MaxPages_is_cut_there_and_named_in_the_snapshot()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);

        var snapshot = await harness.Connector(p => (p.PageSize, p.MaxPages) = (1, 1)).ReadProjectAsync(scene.ProjectId, Token);

        var cut = Assert.Single(snapshot.Problems, p => p.Reason.Contains("tasks of project", StringComparison.Ordinal));
        Assert.Contains("more than 1 pages (MaxPages)", cut.Reason, StringComparison.Ordinal);
        Assert.True(harness.Emulator.ApiRequests().Count(r => r.Path == "/api/tasks") <= 1);
    }
}
