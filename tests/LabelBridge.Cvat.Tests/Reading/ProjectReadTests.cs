using System.Globalization;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Reading;

public sealed class ProjectReadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Multi_task_project_reads_exactly_the_expected_annotations_and_boxes()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        Assert.Empty(snapshot.Problems);
        var actual = snapshot.Annotations
            .Select(a => (a.Key, a.Label, a.Shape, Box: Round(a.Box)))
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
        var expected = scene.Expected
            .Select(e => (e.Key, e.Label, e.Shape, Box: Round(e.Box)))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Items_are_the_live_frames_with_their_sizes_and_the_deleted_frame_is_left_out()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        var taskA = snapshot.Items.Where(i => i.Location.TaskId == scene.TaskA.Id).OrderBy(i => i.Location.Frame).ToList();
        Assert.Equal([0, 1, 2, 3, 5], taskA.Select(i => i.Location.Frame!.Value));
        Assert.All(taskA, i => Assert.Equal((640, 480), (i.Width, i.Height)));
        Assert.Equal("a_005.png", taskA[^1].DisplayName);
        Assert.Equal($"cvat:task/{scene.TaskA.Id}/frame/5", taskA[^1].Key);
        Assert.Equal(scene.TaskA.Jobs[1].Id, taskA[^1].Location.JobId);
        Assert.DoesNotContain(snapshot.Annotations, a => a.Key == $"cvat:shape/{scene.DeletedFrameShapeId}");
        Assert.Equal(["bicycle", "car", "daytime", "night", "person", "pose"], snapshot.Labels.Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lists_are_followed_to_the_last_page_with_the_configured_page_size()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);

        await harness.Connector(p => p.PageSize = 3).ReadProjectAsync(scene.ProjectId, Token);

        var labelPages = harness.Emulator.Requests.Where(r => r.Path == "/api/labels").ToList();
        Assert.Equal(["1", "2", "3"], labelPages.Select(r => r.Query["page"]));
        Assert.All(labelPages, r => Assert.Equal("3", r.Query["page_size"]));
    }

    [Fact]
    public async Task Version_changes_with_the_label_and_the_geometry_but_not_otherwise()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var first = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var again = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var shape = scene.TaskB.Jobs[0].Shapes[0];
        shape["label_id"] = scene.Project.Labels.Single(l => l.Name == "person").Id;
        var relabelled = await connector.ReadProjectAsync(scene.ProjectId, Token);
        shape["points"] = new System.Text.Json.Nodes.JsonArray(700.0, 500.0, 790.0, 600.0);
        var moved = await connector.ReadProjectAsync(scene.ProjectId, Token);

        var key = $"cvat:shape/{shape["id"]}";
        string Version(ProjectSnapshot s) => s.Annotations.Single(a => a.Key == key).Version;
        Assert.Equal(Version(first), Version(again));
        Assert.NotEqual(Version(first), Version(relabelled));
        Assert.NotEqual(Version(relabelled), Version(moved));
        Assert.Equal(
            first.Annotations.Where(a => a.Key != key).Select(a => a.Version),
            moved.Annotations.Where(a => a.Key != key).Select(a => a.Version));
    }

    [Fact]
    public async Task Bad_annotations_are_named_problems_and_the_rest_of_the_job_is_read()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("odd input");
        var car = project.AddLabel(model, "car").Id;
        var task = model.AddTask(project, "odd", [new EmulatedFrame("x.png", 640, 480), new EmulatedFrame("y.png", 640, 480)], segmentSize: 2);
        var job = task.Jobs[0];
        var (good, spline, shortRect, outside, missingFrame, unknownLabel) =
            (model.NextId(), model.NextId(), model.NextId(), model.NextId(), model.NextId(), model.NextId());
        job.Shapes.Add(A.Shape(good, "rectangle", 0, car, [1, 1, 50, 50]));
        job.Shapes.Add(A.Shape(spline, "spline", 0, car, [1, 1, 5, 5]));
        job.Shapes.Add(A.Shape(shortRect, "rectangle", 0, car, [1, 1, 5]));
        job.Shapes.Add(A.Shape(outside, "rectangle", 1, car, [1000, 1000, 1100, 1100]));
        job.Shapes.Add(A.Shape(missingFrame, "rectangle", 9, car, [1, 1, 5, 5]));
        job.Shapes.Add(A.Shape(unknownLabel, "rectangle", 1, 987654, [1, 1, 5, 5]));

        var snapshot = await harness.Connector().ReadProjectAsync(Id(project.Id), Token);

        Assert.Equal([$"cvat:shape/{good}"], snapshot.Annotations.Select(a => a.Key));
        var problems = snapshot.Problems.ToDictionary(p => p.Subject, p => p.Reason);
        Assert.Contains("unknown shape type 'spline'", problems[$"cvat:shape/{spline}"], StringComparison.Ordinal);
        Assert.Contains("rectangle has 3 coordinates, expected exactly 4", problems[$"cvat:shape/{shortRect}"], StringComparison.Ordinal);
        Assert.Contains("lies entirely outside the 640x480 frame", problems[$"cvat:shape/{outside}"], StringComparison.Ordinal);
        Assert.Contains("frame 9 is not in the data of job", problems[$"cvat:shape/{missingFrame}"], StringComparison.Ordinal);
        Assert.Contains("label id 987654 is not a label of the project", problems[$"cvat:shape/{unknownLabel}"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_whose_annotations_cannot_be_read_is_a_problem_and_other_jobs_are_still_read()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var broken = scene.TaskA.Jobs[1];
        broken.Shapes.Add(new System.Text.Json.Nodes.JsonObject { ["id"] = 1, ["type"] = "rectangle", ["frame"] = 3, ["label_id"] = 1, ["points"] = "not a list" });

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:job/{broken.Id}", problem.Subject);
        Assert.Contains("cannot read", problem.Reason, StringComparison.Ordinal);
        Assert.Contains(snapshot.Annotations, a => a.Key.StartsWith("cvat:shape/", StringComparison.Ordinal) && a.ItemKey.Contains($"task/{scene.TaskB.Id}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Organization_is_sent_as_X_Organization_and_scopes_what_is_visible()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("team project", organization: "acme");
        model.AddTask(project, "t", [new EmulatedFrame("x.png", 64, 64)], segmentSize: 1);

        var inOrganization = await harness.Connector(p => p.Organization = "acme").ReadProjectAsync(Id(project.Id), Token);
        var personal = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => harness.Connector().ReadProjectAsync(Id(project.Id), Token));

        Assert.Single(inOrganization.Items);
        Assert.Contains("Organization setting", personal.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Emulator.Requests, r => r.Organization == "acme");
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Round(PixelBox box) => box.ToKeyString();
}
