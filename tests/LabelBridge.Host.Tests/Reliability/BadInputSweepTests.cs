using System.Text.Json.Nodes;
using LabelBridge.Core.Storage;
using LabelBridge.Emulators.Cvat.Model;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>The bad-input corpus (tests/corpus) inside otherwise healthy projects: every bad item is a named problem in
/// the report, and everything else in the sweep still happens — the same findings and markers as a clean run.</summary>
public sealed class BadInputSweepTests
{
    [Fact]
    public async Task Cvat_project_with_bad_images_and_malformed_annotations_still_gets_every_other_finding_and_marker()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var model = harness.Cvat.Model;
        var project = model.FindProject(harness.Project.ProjectId)!;
        var labels = project.Labels.ToDictionary(l => l.Name, l => l.Id, StringComparer.Ordinal);
        string[] images = ["corrupt.jpg", "truncated.png", "pixel-bomb.png", "not-an-image.png"];
        var task = model.AddTask(project, "bad inputs",
            [.. images.Select(f => new EmulatedFrame(f, 200, 200, File.ReadAllBytes(CorpusFile("images", f)))), new EmulatedFrame("ok-4.png", 200, 200), new EmulatedFrame("ok-5.png", 200, 200)],
            segmentSize: 4);
        var (imagesJob, malformedJob) = (task.Jobs[0], task.Jobs[1]);
        for (var frame = 0; frame < images.Length; frame++)
        {
            imagesJob.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", frame, labels["T-shirt/top"], [60, 60, 120, 120]));
        }

        foreach (var bad in JsonNode.Parse(await File.ReadAllTextAsync(CorpusFile("annotations", "cvat-bad-shapes.json"), TestContext.Current.CancellationToken))!.AsArray())
        {
            imagesJob.Shapes.Add(CvatShape(model, bad!, labels, frame: 0));
        }

        malformedJob.Shapes.Add(Annotations.Shape(model.NextId(), "rectangle", 4, labels["Trouser"], [60, 60, 120, 120]));
        malformedJob.Shapes.Add(CvatShape(model, JsonNode.Parse(await File.ReadAllTextAsync(CorpusFile("annotations", "cvat-malformed-job.json"), TestContext.Current.CancellationToken))!, labels, frame: 5));

        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        var problems = outcome.Report!.Problems.Select(p => p.Reason).ToList();
        foreach (var named in new[]
        {
            "not a readable image", "the image data is truncated", "declares 100000×100000 pixels, over the limit",
            "frame 3 of job", "unknown shape type 'hexagon'", "rectangle has 3 coordinates, expected exactly 4",
            "lies entirely outside the 200x200 frame", "is not a label of the project", "JSON LabelBridge cannot read",
            "rectangle: its box (x -1E+308", "rotation 1E+308, not an angle", "ellipse: its box", "mask: its box",
        })
        {
            Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
        }

        Assert.Contains(problems, p => p.Contains("frame 3 of job", StringComparison.Ordinal) && p.Contains("is not an image", StringComparison.Ordinal));
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: true), PlatformState.Of(harness, outcome.Report, cvat: true));
    }

    [Fact]
    public async Task Label_studio_project_with_malformed_regions_unfetchable_and_bad_images_still_gets_every_other_finding_and_marker()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var model = harness.LabelStudio.Model;
        var projectId = harness.Project.ProjectId;
        var badRegions = model.AddTask(projectId, new JsonObject { ["image"] = $"/data/upload/{projectId}/ok.png" }).Id;
        model.PutFile($"/data/upload/{projectId}/ok.png", Emulators.LabelStudio.TestImages.Png(200, 100));
        model.AddAnnotation(badRegions, JsonNode.Parse(await File.ReadAllTextAsync(CorpusFile("annotations", "label-studio-bad-regions.json"), TestContext.Current.CancellationToken))!.AsArray());
        var fileUrl = AddTaskWithOneRegion(harness, "file:///etc/passwd");
        var metadata = AddTaskWithOneRegion(harness, "http://169.254.169.254/latest/meta-data/");
        model.PutFile($"/data/upload/{projectId}/pixel-bomb.png", await File.ReadAllBytesAsync(CorpusFile("images", "pixel-bomb.png"), TestContext.Current.CancellationToken));
        var bomb = AddTaskWithOneRegion(harness, $"/data/upload/{projectId}/pixel-bomb.png");

        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        var problems = outcome.Report!.Problems;
        Assert.Contains(problems, p => p.Reason.Contains($"region on task {badRegions}", StringComparison.Ordinal) && p.Reason.Contains("has no id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Reason.Contains("region no-label", StringComparison.Ordinal) && p.Reason.Contains("has no label", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Reason.Contains("region no-size", StringComparison.Ordinal) && p.Reason.Contains("original_width", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Reason.Contains("type 'polygonlabels'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Subject == $"ls:task/{fileUrl}" && p.Reason.Contains("not an http(s) URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Subject == $"ls:task/{metadata}" && p.Reason.Contains("'169.254.169.254', which is not allowed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Subject == $"ls:task/{bomb}" && p.Reason.Contains("over the limit", StringComparison.Ordinal));
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: false), PlatformState.Of(harness, outcome.Report, cvat: false));
    }

    private static string CorpusFile(string folder, string name) => Path.Combine(RepositoryRoot.Path, "tests", "corpus", folder, name);

    /// <summary>A corpus shape as CVAT serialises it: its label name becomes the project's id (an unknown name, an id no label has).</summary>
    private static JsonObject CvatShape(CvatModel model, JsonNode bad, Dictionary<string, long> labels, int frame)
    {
        var shape = Annotations.Shape(model.NextId(), "rectangle", frame, labels.GetValueOrDefault((string)bad["label"]!, 999_999), [0, 0, 1, 1]);
        shape["type"] = (string)bad["type"]!;
        shape["points"] = bad["points"]!.DeepClone();
        shape["rotation"] = bad["rotation"]?.DeepClone() ?? 0;
        return shape;
    }

    private static long AddTaskWithOneRegion(SweepHarness harness, string image)
    {
        var task = harness.LabelStudio.Model.AddTask(harness.Project.ProjectId, new JsonObject { ["image"] = image }).Id;
        harness.LabelStudio.Model.AddAnnotation(task, new JsonArray(new JsonObject
        {
            ["id"] = "r0",
            ["from_name"] = "label",
            ["to_name"] = "image",
            ["type"] = "rectanglelabels",
            ["origin"] = "manual",
            ["original_width"] = 200,
            ["original_height"] = 100,
            ["value"] = new JsonObject { ["x"] = 10, ["y"] = 10, ["width"] = 30, ["height"] = 60, ["rotation"] = 0, ["rectanglelabels"] = new JsonArray("T-shirt/top") },
        }));
        return task;
    }
}
