using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Reading;

/// <summary>Regions whose values are within Label Studio's percent ranges but still give an unusable box are named and
/// skipped; the other regions of the task are read.</summary>
public sealed class HostileRegionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_point_a_1e308_percent_wide_is_a_named_skipped_region()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.KeyPoint("huge", 50, 50, 1e308, "Nose", 200, 100),
            Regions.Rectangle("fine", 10, 20, 30, 40, "Cat", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}/region/huge", problem.Subject);
        Assert.Contains("region huge on task", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("is not finite; skipped.", problem.Reason, StringComparison.Ordinal);
        Assert.Equal([$"ls:task/{task}/region/fine"], snapshot.Annotations.Select(a => a.Key));
    }

    [Fact]
    public async Task A_region_on_an_image_claimed_to_be_a_billion_pixels_wide_is_a_named_skipped_region()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("wide", 10, 20, 30, 40, "Cat", 1_000_000_000, 100),
            Regions.Rectangle("fine", 10, 20, 30, 40, "Dog", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}/region/wide", problem.Subject);
        Assert.Contains($"reaches beyond ±{BoxBounds.MaxCoordinate:0} px; skipped.", problem.Reason, StringComparison.Ordinal);
        Assert.Equal("Dog", Assert.Single(snapshot.Annotations).Label);
    }

    [Fact]
    public async Task A_label_of_a_million_characters_is_cut_to_256_and_named()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        var huge = new string('x', 1_000_000);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("long", 10, 20, 30, 40, huge, 200, 100),
            Regions.Rectangle("fine", 10, 20, 30, 40, "Dog", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}/region/long", problem.Subject);
        Assert.Contains("has 1000000 characters; it was cut to its first 256.", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(new string('x', 256), snapshot.Annotations.Single(a => a.Key.EndsWith("/long", StringComparison.Ordinal)).Label);
        Assert.Equal("Dog", snapshot.Annotations.Single(a => a.Key.EndsWith("/fine", StringComparison.Ordinal)).Label);
    }

    [Fact]
    public async Task A_region_id_longer_than_256_characters_is_a_named_skipped_region()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle(new string('r', 100_000), 10, 20, 30, 40, "Cat", 200, 100),
            Regions.Rectangle("fine", 10, 20, 30, 40, "Dog", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}", problem.Subject);
        Assert.Contains("has an id of 100000 characters (at most 256); skipped.", problem.Reason, StringComparison.Ordinal);
        Assert.Equal("Dog", Assert.Single(snapshot.Annotations).Label);
    }

    [Fact]
    public async Task Regions_that_all_claim_an_image_a_billion_pixels_wide_leave_the_item_size_unknown_and_named()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        var choice = Regions.Choices("c", "Cat");
        choice["original_width"] = 1e9;
        choice["original_height"] = 1e9;
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(choice));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"ls:task/{task}", problem.Subject);
        Assert.Contains("claim an image of 1E+09x1E+09 px", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(snapshot.Items).Width);
    }
}
