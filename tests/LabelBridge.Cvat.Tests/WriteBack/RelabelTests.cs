using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Cvat.Tests.WriteBack;

/// <summary>A reviewer-approved relabel over real HTTP against the emulator, which applies CVAT's action=update.</summary>
public sealed class RelabelTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Relabel_changes_only_the_shape_label_in_its_job_resolves_the_issue_and_reads_back_as_confirmed()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var annotation = snapshot.Annotations.First(a => a.Key.StartsWith("cvat:shape/", StringComparison.Ordinal) && a.Label == "car");
        var finding = WriteBackTests.Findings.Mislabel(annotation);
        var marker = Assert.Single((await connector.WriteBackAsync(new WriteBackRequest(snapshot, [finding], WriteBackMode.Markers), Token)).Markers);
        var job = JobOf(harness.Emulator.Model, annotation);
        var before = (JsonObject)Shape(job, annotation).DeepClone();
        var versionBefore = job.AnnotationVersion;

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange(finding.Key, annotation, "person", marker, "alice"), Token);

        Assert.Equal(RelabelStatus.Relabelled, attempt.Status);
        Assert.True(attempt.MarkerResolved);
        var after = Shape(job, annotation);
        Assert.Equal(Label(scene.Project, "person"), after["label_id"]!.GetValue<long>());
        foreach (var field in new[] { "id", "type", "frame", "points", "rotation", "occluded", "source", "z_order" })
        {
            Assert.True(JsonNode.DeepEquals(before[field], after[field]), $"{field} changed: {before[field]} → {after[field]}");
        }

        Assert.Equal(versionBefore + 1, job.AnnotationVersion);
        var issue = harness.Emulator.Model.Issues.Single(i => i.Id.ToString(CultureInfo.InvariantCulture) == marker.MarkerId);
        Assert.True(issue.Resolved);
        Assert.Contains(harness.Emulator.Model.Comments, c => c.IssueId == issue.Id && c.Message == "Relabelled from car to person by alice on the LabelBridge triage page.");
        var reread = await connector.ReadProjectAsync(scene.ProjectId, Token);
        Assert.Equal("person", reread.Annotations.Single(a => a.Key == annotation.Key).Label);
        var decision = Assert.Single(await connector.ReadDecisionsAsync(reread, [new MarkerLabelSnapshot(marker, "car")], Token));
        Assert.Equal((DecisionVerdict.Confirmed, "person"), (decision.Verdict, decision.CurrentLabel));
    }

    [Fact]
    public async Task Relabel_of_a_track_changes_its_label_on_every_frame()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var frame1 = snapshot.Annotations.First(a => a.Key.StartsWith("cvat:track/", StringComparison.Ordinal) && a.Key.EndsWith("@1", StringComparison.Ordinal) && a.Label == "car");
        var trackPrefix = frame1.Key[..frame1.Key.IndexOf('@', StringComparison.Ordinal)];

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange("mislabel:" + frame1.Key, frame1, "bicycle", null, "bob"), Token);

        Assert.Equal(RelabelStatus.Relabelled, attempt.Status);
        Assert.Contains("every frame of the track", attempt.Message, StringComparison.Ordinal);
        Assert.False(attempt.MarkerResolved);
        var reread = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var frames = reread.Annotations.Where(a => a.Key.StartsWith(trackPrefix + "@", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, frames.Count);
        Assert.All(frames, a => Assert.Equal("bicycle", a.Label));
        Assert.Equal(
            snapshot.Annotations.Where(a => a.Key.StartsWith(trackPrefix + "@", StringComparison.Ordinal)).Select(a => a.Box),
            frames.Select(a => a.Box));
    }

    [Fact]
    public async Task Relabel_is_refused_with_the_reason_when_the_annotation_changed_or_went_away_since_the_sweep()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var shapes = snapshot.Annotations.Where(a => a.Key.StartsWith("cvat:shape/", StringComparison.Ordinal) && a.Shape == ShapeKind.Rectangle).Take(2).ToList();
        var model = harness.Emulator.Model;
        var moved = Shape(JobOf(model, shapes[0]), shapes[0]);
        moved["points"] = new JsonArray(11d, 21d, 111d, 71d);
        var deletedJob = JobOf(model, shapes[1]);
        deletedJob.Shapes.Remove(Shape(deletedJob, shapes[1]));
        var labelIds = model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Select(s => s["label_id"]!.GetValue<long>()).ToList();

        var edited = await connector.RelabelAsync(snapshot, new LabelChange("k1", shapes[0], "bicycle", null, "alice"), Token);
        var gone = await connector.RelabelAsync(snapshot, new LabelChange("k2", shapes[1], "bicycle", null, "alice"), Token);

        Assert.Equal(RelabelStatus.AnnotationChanged, edited.Status);
        Assert.Contains($"{shapes[0].Key} was edited in CVAT since the sweep", edited.Message, StringComparison.Ordinal);
        Assert.Equal(RelabelStatus.AnnotationChanged, gone.Status);
        Assert.Contains("deleted since the sweep", gone.Message, StringComparison.Ordinal);
        Assert.Equal(labelIds, model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Select(s => s["label_id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Relabel_of_a_skeleton_is_refused_and_writes_nothing()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var skeleton = snapshot.Annotations.First(a => a.Shape == ShapeKind.Skeleton);
        var versions = scene.TaskA.Jobs.Select(j => j.AnnotationVersion).ToList();

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange("k", skeleton, "car", null, "alice"), Token);

        Assert.Equal(RelabelStatus.Refused, attempt.Status);
        Assert.Contains("is a skeleton", attempt.Message, StringComparison.Ordinal);
        Assert.Equal(versions, scene.TaskA.Jobs.Select(j => j.AnnotationVersion));
    }

    [Fact]
    public async Task Emulator_refuses_an_update_with_an_unknown_label_old_attributes_or_a_foreign_id_and_changes_nothing()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var job = scene.TaskA.Jobs[0];
        var shape = (JsonObject)job.Shapes[0].DeepClone();
        using var client = new HttpClient { BaseAddress = harness.Emulator.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", harness.Emulator.AccessToken);

        async Task<(HttpStatusCode, string)> UpdateAsync(JsonObject item)
        {
            var body = new JsonObject { ["version"] = 0, ["tags"] = new JsonArray(), ["shapes"] = new JsonArray(item), ["tracks"] = new JsonArray() };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PatchAsync($"api/jobs/{job.Id}/annotations/?action=update", content, Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            return (response.StatusCode, JsonNode.Parse(text) is JsonArray { Count: 1 } list ? list[0]!.GetValue<string>() : text);
        }

        var unknownLabel = (JsonObject)shape.DeepClone();
        unknownLabel["label_id"] = 999_999;
        var withAttributes = (JsonObject)shape.DeepClone();
        withAttributes["attributes"] = new JsonArray(new JsonObject { ["spec_id"] = 7, ["value"] = "red" });
        var foreign = (JsonObject)shape.DeepClone();
        foreign["id"] = scene.TaskB.Jobs[0].Shapes[0]["id"]!.GetValue<long>();
        var noPoints = (JsonObject)shape.DeepClone();
        noPoints.Remove("points");

        Assert.Equal((HttpStatusCode.BadRequest, "label_id `999999` is invalid"), await UpdateAsync(unknownLabel));
        Assert.Equal((HttpStatusCode.BadRequest, "spec_id `7` is invalid"), await UpdateAsync(withAttributes));
        Assert.Equal(HttpStatusCode.BadRequest, (await UpdateAsync(foreign)).Item1);
        Assert.Contains("This field is required.", (await UpdateAsync(noPoints)).Item2, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(shape, job.Shapes[0]));
    }

    private static EmulatedJob JobOf(CvatModel model, Annotation annotation) =>
        model.Tasks.SelectMany(t => t.Jobs).Single(j => j.Shapes.Concat(j.Tracks).Concat(j.Tags).Any(o => IdOf(o) == long.Parse(annotation.Origin.ObjectId, CultureInfo.InvariantCulture)));

    private static JsonObject Shape(EmulatedJob job, Annotation annotation) =>
        job.Shapes.Single(s => IdOf(s) == long.Parse(annotation.Origin.ObjectId, CultureInfo.InvariantCulture));

    private static long IdOf(JsonObject o) => o["id"]!.GetValue<long>();

    private static long Label(EmulatedProject project, string name) => project.Labels.Single(l => l.Name == name).Id;
}
