using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Tests.Conformance;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.WriteBack;

/// <summary>A reviewer-approved relabel over real HTTP against the emulator: a new annotation version made from the
/// current one, which stays.</summary>
public sealed class RelabelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Relabel_adds_a_new_annotation_version_keeps_the_previous_one_withdraws_the_finding_and_reads_back_as_confirmed()
    {
        await using var harness = await Harness.StartAsync();
        var (project, task, annotationId) = Seed(harness);
        var connector = harness.Connector;
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        var region = snapshot.Annotations.Single(a => a.Key == $"ls:task/{task}/region/r1");
        var finding = Mislabel(region.Key, "Cat", "Dog");
        var marker = Assert.Single((await connector.WriteBackAsync(new WriteBackRequest(snapshot, [finding], WriteBackMode.Markers), Ct)).Markers);
        var previous = (JsonArray)harness.Emulator.Model.Task(task)!.Annotations.Single().Result.DeepClone();

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange(finding.Key, region, "Dog", marker, "alice"), Ct);

        Assert.Equal(RelabelStatus.Relabelled, attempt.Status);
        Assert.True(attempt.MarkerResolved);
        var annotations = harness.Emulator.Model.Task(task)!.Annotations;
        Assert.Equal(2, annotations.Count);
        Assert.True(JsonNode.DeepEquals(previous, annotations[0].Result), "the annotator's version changed");
        var added = annotations[1];
        Assert.Equal((annotationId, harness.Emulator.Model.UserId), (added.ParentAnnotation, added.CompletedBy));
        var expected = (JsonArray)previous.DeepClone();
        expected[0]!["value"]!["rectanglelabels"] = new JsonArray("Dog");
        Assert.True(JsonNode.DeepEquals(expected, added.Result), $"the new version is not the old one with one label changed: {added.Result.ToJsonString()}");
        Assert.DoesNotContain(harness.Emulator.Model.Predictions(taskId: task), p => p.ModelVersion == "labelbridge-qa");
        var reread = await connector.ReadProjectAsync($"{project}", Ct);
        Assert.Equal("Dog", reread.Annotations.Single(a => a.Key == region.Key).Label);
        Assert.Equal("Indoor", reread.Annotations.Single(a => a.Key == $"ls:task/{task}/choice/scene/Indoor").Label);
        var decision = Assert.Single(await connector.ReadDecisionsAsync(reread, [new MarkerLabelSnapshot(marker, "Cat")], Ct));
        Assert.Equal((DecisionVerdict.Confirmed, "Dog"), (decision.Verdict, decision.CurrentLabel));
        var violations = harness.Emulator.ApiRequests().Select(r => OpenApiReference.Instance.Check(r.Method, r.Path, r.Query.Keys)).OfType<string>().Distinct();
        Assert.Empty(violations);
    }

    [Fact]
    public async Task Relabel_of_a_choice_replaces_only_that_value()
    {
        await using var harness = await Harness.StartAsync();
        var (project, task, _) = Seed(harness);
        var connector = harness.Connector;
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        var choice = snapshot.Annotations.Single(a => a.Key == $"ls:task/{task}/choice/scene/Indoor");

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange("mislabel:" + choice.Key, choice, "Outdoor", null, "bob"), Ct);

        Assert.Equal(RelabelStatus.Relabelled, attempt.Status);
        var reread = await connector.ReadProjectAsync($"{project}", Ct);
        Assert.Contains(reread.Annotations, a => a.Key == $"ls:task/{task}/choice/scene/Outdoor");
        Assert.DoesNotContain(reread.Annotations, a => a.Key == choice.Key);
        Assert.Equal("Cat", reread.Annotations.Single(a => a.Key == $"ls:task/{task}/region/r1").Label);
    }

    [Fact]
    public async Task Relabel_is_refused_with_the_reason_when_the_region_changed_since_the_sweep_and_writes_nothing()
    {
        await using var harness = await Harness.StartAsync();
        var (project, task, annotationId) = Seed(harness);
        var connector = harness.Connector;
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        var region = snapshot.Annotations.Single(a => a.Key == $"ls:task/{task}/region/r1");
        harness.Emulator.Model.UpdateAnnotation(annotationId, result => result[0]!["value"]!["x"] = 12.5);

        var attempt = await connector.RelabelAsync(snapshot, new LabelChange("k", region, "Dog", null, "alice"), Ct);

        Assert.Equal(RelabelStatus.AnnotationChanged, attempt.Status);
        Assert.Contains("was edited in Label Studio since the sweep", attempt.Message, StringComparison.Ordinal);
        Assert.Single(harness.Emulator.Model.Task(task)!.Annotations);
    }

    [Fact]
    public async Task Emulator_refuses_a_new_annotation_with_a_label_or_control_the_config_lacks_or_a_foreign_parent()
    {
        await using var harness = await Harness.StartAsync();
        var (_, task, _) = Seed(harness);
        var other = harness.AddTask(harness.AddProject(), "other.png");
        var foreignParent = harness.Emulator.Model.AddAnnotation(other, Regions.Result(Regions.Rectangle("z", 1, 1, 2, 2, "Cat", 200, 100))).Id;
        using var client = new HttpClient { BaseAddress = harness.Emulator.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", harness.Emulator.LegacyToken);

        async Task<int> PostAsync(JsonObject body)
        {
            using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"api/tasks/{task}/annotations/", content, Ct);
            return (int)response.StatusCode;
        }

        Assert.Equal(400, await PostAsync(new JsonObject { ["result"] = Regions.Result(Regions.Rectangle("r1", 10, 20, 30, 40, "Horse", 200, 100)) }));
        var unknownControl = Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100);
        unknownControl["from_name"] = "labels";
        Assert.Equal(400, await PostAsync(new JsonObject { ["result"] = Regions.Result(unknownControl) }));
        Assert.Equal(400, await PostAsync(new JsonObject { ["result"] = new JsonObject() }));
        Assert.Equal(400, await PostAsync(new JsonObject { ["result"] = new JsonArray(), ["parent_annotation"] = foreignParent }));
        Assert.Single(harness.Emulator.Model.Task(task)!.Annotations);
        Assert.Equal(201, await PostAsync(new JsonObject { ["result"] = Regions.Result(Regions.Rectangle("r1", 10, 20, 30, 40, "Dog", 200, 100)) }));
    }

    private static (long Project, long Task, long Annotation) Seed(Harness harness)
    {
        var project = harness.AddProject();
        var task = harness.AddTask(project, "cat.png");
        var annotation = harness.Emulator.Model.AddAnnotation(task, Regions.Result(
            Regions.Rectangle("r1", 10, 20, 30, 40, "Cat", 200, 100),
            Regions.Choices("c1", "Indoor"))).Id;
        return (project, task, annotation);
    }

    private static Finding Mislabel(string annotationKey, string given, string suggested) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotationKey), FindingKind.Mislabel, 0.9, annotationKey, given, suggested, [], $"labelled {given}; its neighbours say {suggested}");
}
