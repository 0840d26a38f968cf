using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Review;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

/// <summary>Reviewer-approved relabels through <c>labelbridge serve</c>'s API against both emulators: the label changes on
/// the platform, the decision and old/new label are kept with who and when, and the next sweep treats the finding as
/// confirmed; refusals name their reason and change nothing.</summary>
public sealed class RelabelApiTests
{
    [Fact]
    public async Task A_relabel_changes_the_cvat_shape_resolves_its_issue_is_kept_with_who_and_when_and_the_next_sweep_treats_it_as_confirmed()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Options.Projects[0].AllowReviewerRelabel = true;
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var finding = first.Findings.First(f => f.Kind == FindingKind.Mislabel && f.SuggestedLabel is not null);
        var before = (JsonObject)Shape(harness, finding.AnnotationKey).DeepClone();
        var issue = harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == finding.Key);
        var issuesBefore = harness.Cvat.Model.Issues.Count;

        var options = await client.GetJsonAsync($"/api/sweeps/{first.SweepId}/relabel-options");
        var result = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels",
            new { findingKey = finding.Key, label = finding.SuggestedLabel, reviewer = "alice" });

        Assert.True(options.GetProperty("allowed").GetBoolean());
        Assert.Contains(finding.SuggestedLabel!, options.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("relabelled", result.GetProperty("outcome").GetString());
        Assert.Equal((finding.GivenLabel, finding.SuggestedLabel), (result.GetProperty("oldLabel").GetString(), result.GetProperty("newLabel").GetString()));
        var shape = Shape(harness, finding.AnnotationKey);
        Assert.Equal(LabelId(harness, finding.SuggestedLabel!), shape["label_id"]!.GetValue<long>());
        foreach (var field in new[] { "id", "type", "frame", "points", "source" })
        {
            Assert.True(JsonNode.DeepEquals(before[field], shape[field]), $"{field} changed: {before[field]} → {shape[field]}");
        }

        Assert.True(issue.Resolved);
        var confirmed = await client.GetJsonAsync($"/api/sweeps/{first.SweepId}/findings?status=confirmed");
        var view = Assert.Single(confirmed.GetProperty("items").EnumerateArray());
        Assert.Equal(finding.Key, view.GetProperty("key").GetString());
        Assert.Equal(ReviewerRelabels.Source, view.GetProperty("decision").GetProperty("source").GetString());
        var history = Assert.Single((await client.GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/relabels")).EnumerateArray());
        Assert.Equal(
            (first.SweepId, finding.Key, finding.AnnotationKey, finding.GivenLabel, finding.SuggestedLabel, "alice"),
            (history.GetProperty("sweepId").GetInt64(), history.GetProperty("findingKey").GetString(), history.GetProperty("annotationKey").GetString(),
                history.GetProperty("oldLabel").GetString(), history.GetProperty("newLabel").GetString(), history.GetProperty("reviewer").GetString()));
        Assert.True(history.GetProperty("relabelledAt").GetDateTimeOffset() >= first.FinishedAt);

        // The same relabel again from the same (now stale) sweep: CVAT's copy is no longer the one the sweep read.
        var third = harness.Cvat.Model.Projects[0].Labels.First(l => l.Name != finding.GivenLabel && l.Name != finding.SuggestedLabel).Name;
        var again = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key, label = third, reviewer = "bob" });
        Assert.Equal("annotation-changed", again.GetProperty("outcome").GetString());
        Assert.Equal(LabelId(harness, finding.SuggestedLabel!), Shape(harness, finding.AnnotationKey)["label_id"]!.GetValue<long>());

        var second = (await harness.SweepAsync()).Report!;

        // Treated as confirmed: the resolved issue is not read back as a dismissal (the one decision is the relabel's), no
        // issue is written for it again, and the annotation is read with its new label.
        var decision = Assert.Single(await harness.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, Cancel));
        Assert.Equal((finding.Key, DecisionVerdict.Confirmed, ReviewerRelabels.Source), (decision.FindingKey, decision.Verdict, decision.Source));
        Assert.Equal(0, second.Counts.SuppressedAsDismissed);
        Assert.DoesNotContain(second.Findings, f => f.Key == finding.Key && f.GivenLabel == finding.GivenLabel);
        Assert.Equal(finding.SuggestedLabel, second.Points.Single(p => p.AnnotationKey == finding.AnnotationKey).Label);
        Assert.Equal(issuesBefore + second.Counts.MarkersWritten, harness.Cvat.Model.Issues.Count);
        Assert.Single(harness.Cvat.Model.Issues, i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == finding.Key);
        var relisted = await client.GetJsonAsync($"/api/sweeps/{second.SweepId}/findings?status=open");
        Assert.DoesNotContain(relisted.GetProperty("items").EnumerateArray(), f => f.GetProperty("key").GetString() == finding.Key);
    }

    [Fact]
    public async Task A_relabel_is_refused_with_a_named_reason_when_the_project_does_not_allow_it_or_the_annotation_changed_and_nothing_changes()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        var (finding, other) = (first.Findings[0], first.Findings[1]);
        var labelIds = LabelIds(harness);
        var target = harness.Cvat.Model.Projects[0].Labels.First(l => l.Name != finding.GivenLabel).Name;

        JsonElement options, disabled;
        await using (var serve = await TriageServe.StartAsync(harness.Options))
        {
            var client = serve.Client();
            options = await client.GetJsonAsync($"/api/sweeps/{first.SweepId}/relabel-options");
            disabled = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key, label = target, reviewer = "alice" });
        }

        Assert.False(options.GetProperty("allowed").GetBoolean());
        Assert.Contains("\"AllowReviewerRelabel\": true", options.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("disabled", disabled.GetProperty("outcome").GetString());
        Assert.Equal(labelIds, LabelIds(harness));

        harness.Options.Projects[0].AllowReviewerRelabel = true;
        Shape(harness, other.AnnotationKey)["points"] = new JsonArray(11d, 21d, 61d, 71d);
        await using (var serve = await TriageServe.StartAsync(harness.Options))
        {
            var client = serve.Client();
            var otherTarget = harness.Cvat.Model.Projects[0].Labels.First(l => l.Name != other.GivenLabel).Name;
            var changed = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = other.Key, label = otherTarget, reviewer = "alice" });
            var unknown = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key, label = "no-such-label", reviewer = "alice" });
            var same = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key, label = finding.GivenLabel, reviewer = "alice" });
            var nameless = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key, label = target, reviewer = " " });
            var missing = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = "ml-000000000000", label = target, reviewer = "alice" });
            using var incomplete = await client.PostAsJsonAsync($"/api/sweeps/{first.SweepId}/relabels", new { findingKey = finding.Key }, Cancel);

            Assert.Equal("annotation-changed", changed.GetProperty("outcome").GetString());
            Assert.Contains("was edited in CVAT since the sweep", changed.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("refused", unknown.GetProperty("outcome").GetString());
            Assert.StartsWith("'no-such-label' is not a label of the project", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("refused", same.GetProperty("outcome").GetString());
            Assert.Contains("is already labelled", same.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("refused", nameless.GetProperty("outcome").GetString());
            Assert.Contains("Say who is relabelling", nameless.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("not-found", missing.GetProperty("outcome").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        }

        Assert.Equal(labelIds, LabelIds(harness));
        Assert.Empty(await harness.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, Cancel));
        Assert.Empty(await harness.Get<ILabelBridgeStore>().GetRelabelsAsync(SweepHarness.ProjectName, Cancel));
    }

    [Fact]
    public async Task A_relabel_in_label_studio_adds_an_annotation_version_keeps_the_old_one_and_the_next_sweep_treats_it_as_confirmed()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        harness.Options.Projects[0].AllowReviewerRelabel = true;
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var finding = first.Findings.First(f => f.Kind == FindingKind.Mislabel && f.SuggestedLabel is not null);
        var task = harness.LabelStudio.Model.Task(TaskOf(finding.AnnotationKey))!;
        var original = task.Annotations.Single();
        var originalResult = original.Result.ToJsonString();
        Assert.Contains(finding.Key, RegionIds(harness, finding.AnnotationKey));

        var result = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/relabels",
            new { findingKey = finding.Key, label = finding.SuggestedLabel, reviewer = "carol" });

        Assert.Equal("relabelled", result.GetProperty("outcome").GetString());
        task = harness.LabelStudio.Model.Task(task.Id)!;
        Assert.Equal(2, task.Annotations.Count);
        Assert.Equal(originalResult, original.Result.ToJsonString());
        var version = task.Annotations.Single(a => a.Id != original.Id);
        Assert.Equal(original.Id, version.ParentAnnotation);
        var region = version.Result.OfType<JsonObject>().Single(r => (string?)r["id"] == RegionOf(finding.AnnotationKey));
        Assert.Equal(finding.SuggestedLabel, (string?)region["value"]!["rectanglelabels"]![0]);
        Assert.DoesNotContain(finding.Key, RegionIds(harness, finding.AnnotationKey));
        var history = Assert.Single((await client.GetJsonAsync($"/api/projects/{SweepHarness.ProjectName}/relabels")).EnumerateArray());
        Assert.Equal(("carol", finding.GivenLabel, finding.SuggestedLabel),
            (history.GetProperty("reviewer").GetString(), history.GetProperty("oldLabel").GetString(), history.GetProperty("newLabel").GetString()));

        var second = (await harness.SweepAsync()).Report!;

        var decision = Assert.Single(await harness.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, Cancel));
        Assert.Equal((finding.Key, DecisionVerdict.Confirmed, ReviewerRelabels.Source), (decision.FindingKey, decision.Verdict, decision.Source));
        Assert.Equal(0, second.Counts.SuppressedAsDismissed);
        Assert.Equal(finding.SuggestedLabel, second.Points.Single(p => p.AnnotationKey == finding.AnnotationKey).Label);
        Assert.DoesNotContain(second.Findings, f => f.Key == finding.Key && f.GivenLabel == finding.GivenLabel);
        Assert.DoesNotContain(finding.Key, RegionIds(harness, finding.AnnotationKey));
    }

    private static JsonObject Shape(SweepHarness harness, string annotationKey)
    {
        var id = long.Parse(annotationKey["cvat:shape/".Length..], CultureInfo.InvariantCulture);
        return harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Single(s => (long)s["id"]! == id);
    }

    private static List<long> LabelIds(SweepHarness harness) =>
        harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Select(s => s["label_id"]!.GetValue<long>()).ToList();

    private static long LabelId(SweepHarness harness, string name) => harness.Cvat.Model.Projects[0].Labels.Single(l => l.Name == name).Id;

    private static long TaskOf(string annotationKey) => long.Parse(annotationKey.Split('/')[1], CultureInfo.InvariantCulture);

    private static string RegionOf(string annotationKey) => annotationKey.Split('/')[3];

    private static List<string?> RegionIds(SweepHarness harness, string annotationKey) =>
        harness.LabelStudio.Model.Predictions(taskId: TaskOf(annotationKey))
            .Where(p => p.ModelVersion == "labelbridge-qa")
            .SelectMany(p => p.Result.OfType<JsonObject>())
            .Select(r => (string?)r["id"])
            .ToList();
}
