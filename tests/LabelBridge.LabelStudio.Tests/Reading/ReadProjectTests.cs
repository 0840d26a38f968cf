using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;
using static LabelBridge.LabelStudio.Tests.Reading.RegionGeometryTests;

namespace LabelBridge.LabelStudio.Tests.Reading;

public sealed class ReadProjectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rectangles_rotated_rectangles_polygons_brushes_and_points_become_exact_pixel_boxes()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100),
            Regions.Rectangle("r2", 10, 10, 20, 10, "Dog", 200, 100, rotation: 90),
            Regions.Polygon("p1", [[10, 50], [40, 20], [30, 90]], "Cat", 200, 100),
            Regions.Brush("b1", BrushMasks.Rectangle(200, 100, 10, 5, 30, 20), "Dog", 200, 100),
            Regions.KeyPoint("k1", 50, 50, 1, "Nose", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync(project.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct);

        var byKey = snapshot.Annotations.ToDictionary(a => a.Key);
        var prefix = $"ls:task/{task}/region/";
        AssertBox(new PixelBox(20, 20, 60, 40), byKey[prefix + "r1"].Box);
        Assert.Equal(ShapeKind.Rectangle, byKey[prefix + "r1"].Shape);
        AssertBox(new PixelBox(10, 10, 10, 40), byKey[prefix + "r2"].Box);
        Assert.Equal(ShapeKind.RotatedRectangle, byKey[prefix + "r2"].Shape);
        AssertBox(new PixelBox(20, 20, 60, 70), byKey[prefix + "p1"].Box);
        AssertBox(new PixelBox(10, 5, 20, 15), byKey[prefix + "b1"].Box);
        Assert.Equal(ShapeKind.Mask, byKey[prefix + "b1"].Shape);
        AssertBox(new PixelBox(99, 49, 2, 2), byKey[prefix + "k1"].Box);
        Assert.Equal("Dog", byKey[prefix + "b1"].Label);
        var item = Assert.Single(snapshot.Items);
        Assert.Equal($"ls:task/{task}", item.Key);
        Assert.Equal((200, 100), (item.Width, item.Height));
        Assert.Equal(new Uri(harness.Emulator.BaseUrl, $"/data/upload/{project}/a.png").AbsoluteUri, item.ImageRef);
        Assert.Empty(snapshot.Problems);
        Assert.Contains(snapshot.Labels, l => l.Name == "Cat" && l.Control == "label");
    }

    [Fact]
    public async Task Choices_are_image_level_annotations_one_per_chosen_value()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png", 200, 100);
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100),
            Regions.Choices("c1", "Indoor", "Night")));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var choices = snapshot.Annotations.Where(a => a.IsImageLevel).OrderBy(a => a.Label).ToList();
        Assert.Equal([$"ls:task/{task}/choice/scene/Indoor", $"ls:task/{task}/choice/scene/Night"], choices.Select(c => c.Key));
        Assert.All(choices, c => Assert.Equal(new PixelBox(0, 0, 200, 100), c.Box));
        Assert.All(choices, c => Assert.Equal("scene", c.Origin.Control));
    }

    [Fact]
    public async Task Newest_annotation_that_was_not_cancelled_is_the_truth()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        await using var harness = await Harness.StartAsync(Core.Configuration.PlatformAuthScheme.Token, emulatorOptions: new LabelStudioEmulatorOptions { TimeProvider = clock });
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png");
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("old", 1, 1, 5, 5, "Cat", 200, 100)));
        clock.Advance(TimeSpan.FromMinutes(5));
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("mid", 1, 1, 5, 5, "Dog", 200, 100)));
        clock.Advance(TimeSpan.FromMinutes(5));
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("skipped", 1, 1, 5, 5, "Cat", 200, 100)), wasCancelled: true);

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        var annotation = Assert.Single(snapshot.Annotations);
        Assert.Equal($"ls:task/{task}/region/mid", annotation.Key);
        Assert.Equal("Dog", annotation.Label);
    }

    [Fact]
    public async Task Bad_regions_and_tasks_are_named_problems_and_the_read_goes_on()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var model = harness.Emulator.Model;
        var mixed = harness.AddTask(project, "mixed.png", 200, 100);
        var unknown = Regions.Rectangle("t1", 1, 1, 1, 1, "x", 200, 100);
        unknown["type"] = "textarea";
        unknown["from_name"] = "comment";
        model.AddAnnotation(mixed, Regions.Result(
            Regions.Rectangle("good", 10, 20, 30, 40, "Cat", 200, 100),
            Regions.Rectangle("outside", 120, 20, 30, 40, "Cat", 200, 100),
            Regions.Polygon("negative", [[-5, 10], [20, 20], [30, 40]], "Dog", 200, 100),
            unknown));
        var cancelled = harness.AddTask(project, "cancelled.png");
        model.AddAnnotation(cancelled, Regions.Result(Regions.Rectangle("c", 1, 1, 5, 5, "Cat", 200, 100)), wasCancelled: true);
        var empty = harness.AddTask(project, "empty.png");
        model.AddAnnotation(empty, []);
        var noImage = model.AddTask(project, new JsonObject { ["text"] = "no image here" }).Id;
        var last = harness.AddTask(project, "last.png");
        model.AddAnnotation(last, Regions.Result(Regions.Rectangle("fine", 0, 0, 100, 100, "Dog", 200, 100)));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal([$"ls:task/{mixed}/region/good", $"ls:task/{last}/region/fine"], snapshot.Annotations.Select(a => a.Key));
        AssertProblem(snapshot, $"ls:task/{mixed}/region/outside", "outside 0–100");
        AssertProblem(snapshot, $"ls:task/{mixed}/region/negative", "outside 0–100");
        AssertProblem(snapshot, $"ls:task/{mixed}/region/t1", "'comment'");
        AssertProblem(snapshot, $"ls:task/{cancelled}", "cancelled");
        AssertProblem(snapshot, $"ls:task/{empty}", "empty");
        AssertProblem(snapshot, $"ls:task/{noImage}", "no image URL");
    }

    [Fact]
    public async Task Tasks_are_read_page_by_page_to_the_end()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.PageSize = 2);
        var project = harness.AddProject();
        for (var i = 0; i < 5; i++)
        {
            var task = harness.AddTask(project, $"{i}.png");
            harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle($"r{i}", 1, 1, 5, 5, "Cat", 200, 100)));
        }

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal(5, snapshot.Items.Count);
        Assert.Equal(5, snapshot.Annotations.Count);
        var pages = harness.Emulator.ApiRequests().Where(r => r.Path == "/api/tasks/").Select(r => r.Query["page"]).ToList();
        Assert.Equal(["1", "2", "3"], pages);
    }

    [Fact]
    public async Task Version_changes_exactly_when_label_or_geometry_changes()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png");
        var annotation = harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("same", 10, 10, 10, 10, "Cat", 200, 100),
            Regions.Rectangle("relabelled", 30, 30, 10, 10, "Cat", 200, 100),
            Regions.Rectangle("moved", 50, 50, 10, 10, "Cat", 200, 100)));
        var before = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Annotations.ToDictionary(a => a.Key[(a.Key.LastIndexOf('/') + 1)..], a => a.Version);

        harness.Emulator.Model.UpdateAnnotation(annotation.Id, result =>
        {
            result[1]!["value"]!["rectanglelabels"] = new JsonArray("Dog");
            result[2]!["value"]!["x"] = 55.0;
        });
        var after = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Annotations.ToDictionary(a => a.Key[(a.Key.LastIndexOf('/') + 1)..], a => a.Version);

        Assert.Equal(before["same"], after["same"]);
        Assert.NotEqual(before["relabelled"], after["relabelled"]);
        Assert.NotEqual(before["moved"], after["moved"]);
    }

    [Fact]
    public async Task Reference_export_with_rectangle_polygon_and_keypoint_reads_without_problems()
    {
        await using var harness = await Harness.StartAsync();
        var dir = Path.Combine(AppContext.BaseDirectory, "testdata");
        var project = harness.Emulator.Model.AddProject("coco", await File.ReadAllTextAsync(Path.Combine(dir, "test_export_coco__label_config.xml"), TestContext.Current.CancellationToken)).Id;
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test_export_coco__data.json"), TestContext.Current.CancellationToken))!.AsArray();
        foreach (var task in exported.OfType<JsonObject>())
        {
            var id = harness.Emulator.Model.AddTask(project, task["data"]!.DeepClone().AsObject()).Id;
            foreach (var annotation in task["annotations"]!.AsArray().OfType<JsonObject>())
            {
                harness.Emulator.Model.AddAnnotation(id, annotation["result"]!.DeepClone().AsArray());
            }
        }

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Empty(snapshot.Problems);
        Assert.Contains(snapshot.Annotations, a => a.Shape == ShapeKind.Rectangle);
        Assert.Contains(snapshot.Annotations, a => a.Shape == ShapeKind.Polygon);
        Assert.Contains(snapshot.Annotations, a => a.Shape == ShapeKind.KeyPoint);
        Assert.All(snapshot.Annotations, a => Assert.InRange(a.Box.Right, 0, 500.01));
    }

    [Fact]
    public async Task Rotated_boxes_from_the_reference_export_read_as_the_box_of_their_corners()
    {
        await using var harness = await Harness.StartAsync();
        var dir = Path.Combine(AppContext.BaseDirectory, "testdata");
        var project = harness.Emulator.Model.AddProject("obb", await File.ReadAllTextAsync(Path.Combine(dir, "test_export_yolo__label_config_obb.xml"), TestContext.Current.CancellationToken)).Id;
        long first = 0;
        foreach (var task in JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test_export_yolo__data_obb.json"), TestContext.Current.CancellationToken))!.AsArray().OfType<JsonObject>())
        {
            var id = harness.Emulator.Model.AddTask(project, task["data"]!.DeepClone().AsObject()).Id;
            first = first == 0 ? id : first;
            harness.Emulator.Model.AddAnnotation(id, task["annotations"]![0]!["result"]!.DeepClone().AsArray());
        }

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(25, snapshot.Annotations.Count);
        var butterfly = snapshot.Annotations.Single(a => a.Key == $"ls:task/{first}/region/veUGPaahTw");
        Assert.Equal(ShapeKind.RotatedRectangle, butterfly.Shape);
        AssertBox(new PixelBox(62.906288586, 551.310786802, 129.561965063, 112.850488532), butterfly.Box);
    }

    private static void AssertProblem(ProjectSnapshot snapshot, string subject, string text) =>
        Assert.Contains(snapshot.Problems, p => p.Subject == subject && p.Reason.Contains(text, StringComparison.Ordinal));
}
