using LabelBridge.LabelStudio.Tests.Fixtures;
namespace LabelBridge.LabelStudio.Tests.Transport;

/// <summary>Issue #15 item 4: a task list ends whatever <c>total</c> says, and a cut list is named in the snapshot.</summary>
public sealed class PagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Total_of_a_billion_stops_at_the_repeated_page_with_every_task_read()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.PageSize = 2);
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.AddTask(project, "b.png");
        harness.AddTask(project, "c.png");
        harness.Emulator.Faults.EndlessPages = true;

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal(3, snapshot.Items.Count);
        Assert.Contains(snapshot.Problems, p => p.Reason.Contains("page 3 of tasks of project", StringComparison.Ordinal) && p.Reason.Contains("repeats page 2", StringComparison.Ordinal));
        Assert.Equal(3, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/tasks/"));
    }

    [Fact]
    public async Task Task_list_longer_than_MaxPages_is_cut_there_and_named_in_the_snapshot()
    {
        await using var harness = await Harness.StartAsync(configure: p => (p.PageSize, p.MaxPages) = (1, 2));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.AddTask(project, "b.png");
        harness.AddTask(project, "c.png");

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal(2, snapshot.Items.Count);
        Assert.Contains(snapshot.Problems, p => p.Reason.Contains("more than 2 pages (MaxPages)", StringComparison.Ordinal));
    }
}
