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

    [Fact]
    public async Task A_task_created_while_the_tasks_are_paged_leaves_every_task_read_exactly_once()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Model.AddTask(scene.Project, "aisle 3", [new("c_000.png", 320, 240)], segmentSize: 1);
        harness.Emulator.AfterNextRequest("/api/tasks", model => model.AddTask(scene.Project, "aisle 4", [new("d_000.png", 320, 240)], segmentSize: 1));

        var snapshot = await harness.Connector(p => p.PageSize = 2).ReadProjectAsync(scene.ProjectId, Token);

        var jobReads = harness.Emulator.ApiRequests().Where(r => r.Path == "/api/jobs").GroupBy(r => r.Query.GetValueOrDefault("task_id") + "/" + r.Query.GetValueOrDefault("page"));
        Assert.All(jobReads, g => Assert.Single(g));
        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        Assert.Empty(snapshot.Problems);
        Assert.All(harness.Emulator.ApiRequests().Where(r => r.Path == "/api/tasks"), r => Assert.Equal("id", r.Query.GetValueOrDefault("sort")));
    }
}
