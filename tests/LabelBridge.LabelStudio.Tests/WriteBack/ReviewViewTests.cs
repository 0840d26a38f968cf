using LabelBridge.LabelStudio.Tests.Fixtures;
using LabelBridge.LabelStudio.WriteBack;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.LabelStudio.Tests.WriteBack;

public sealed class ReviewViewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twelve_thousand_flagged_tasks_are_listed_in_in_list_filters_label_studio_accepts_and_are_not_rewritten_unchanged()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var writer = new MarkerWriter(harness.Connector.Client, new TaskPredictions(harness.Connector.Client, NullLogger.Instance), TimeProvider.System, NullLogger.Instance);
        var flagged = Enumerable.Range(1, 12_000).Select(i => (long)i * 3).Reverse().ToList();

        await writer.UpsertViewAsync(project, flagged, Ct);
        var requestsBefore = harness.Emulator.ApiRequests().Count;
        await writer.UpsertViewAsync(project, flagged, Ct);

        var view = Assert.Single(harness.Emulator.Model.Views(project));
        var filters = view.Data["filters"]!;
        Assert.Equal("or", (string?)filters["conjunction"]);
        var items = filters["items"]!.AsArray();
        Assert.All(items, item => Assert.InRange(item!["value"]!.AsArray().Count, 1, 5000));
        Assert.Equal(flagged.Order(), items.SelectMany(item => item!["value"]!.AsArray().Select(v => (long)v!)));
        Assert.All(harness.Emulator.ApiRequests().Skip(requestsBefore), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Nothing_flagged_leaves_a_tab_that_lists_no_task()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var writer = new MarkerWriter(harness.Connector.Client, new TaskPredictions(harness.Connector.Client, NullLogger.Instance), TimeProvider.System, NullLogger.Instance);

        await writer.UpsertViewAsync(project, [], Ct);

        var item = Assert.Single(Assert.Single(harness.Emulator.Model.Views(project)).Data["filters"]!["items"]!.AsArray());
        Assert.Equal("in_list", (string?)item!["operator"]);
        Assert.Empty(item["value"]!.AsArray());
    }
}
