using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

public sealed class CvatDecisionTests
{
    [Fact]
    public async Task Dismissing_resolves_the_cvat_issue_and_the_next_sweep_neither_reflags_it_nor_writes_a_new_issue()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var dismissed = first.Findings[0];
        var issue = harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == dismissed.Key);
        var issuesBefore = harness.Cvat.Model.Issues.Count;

        var results = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions",
            new { findingKeys = new[] { dismissed.Key, "ml-000000000000" }, verdict = "Dismissed" });

        Assert.Equal(["dismissed", "not-found"], Outcomes(results));
        Assert.True(issue.Resolved);
        Assert.Contains(harness.Cvat.Model.Comments, c => c.IssueId == issue.Id && c.Message.Contains("Dismissed on the LabelBridge triage page", StringComparison.Ordinal));
        var listed = await client.GetJsonAsync($"/api/sweeps/{first.SweepId}/findings?status=dismissed");
        var view = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(dismissed.Key, view.GetProperty("key").GetString());
        Assert.Equal("triage", view.GetProperty("decision").GetProperty("source").GetString());

        var second = (await harness.SweepAsync()).Report!;

        Assert.DoesNotContain(second.Findings, f => f.Key == dismissed.Key);
        Assert.True(second.Counts.SuppressedAsDismissed >= 1);
        Assert.Equal(0, second.Counts.MarkersWritten);
        Assert.Equal(issuesBefore, harness.Cvat.Model.Issues.Count);
        var decision = Assert.Single(await harness.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, Cancel));
        Assert.Equal("triage", decision.Source);
    }

    [Fact]
    public async Task A_platform_failure_for_one_dismissal_is_its_own_result_the_others_still_happen_and_a_retry_succeeds()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var (failing, passing) = (first.Findings[0], first.Findings[1]);
        var failingIssue = harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == failing.Key);
        harness.Cvat.Faults.FailNext(1, 404, $"/api/issues/{failingIssue.Id}");

        var results = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions", new { findingKeys = new[] { failing.Key, passing.Key }, verdict = "Dismissed" });
        harness.Cvat.Faults.Clear();
        var retried = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions", new { findingKeys = new[] { failing.Key }, verdict = "Dismissed" });

        Assert.Equal(["failed", "dismissed"], Outcomes(results));
        Assert.Contains($"withdrawing marker {failingIssue.Id} in CVAT failed", results.GetProperty("results")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["dismissed"], Outcomes(retried));
        Assert.True(failingIssue.Resolved);
    }

    [Fact]
    public async Task Confirming_with_the_suggestion_comments_it_on_the_issue_and_needs_review_marks_a_selection_once()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var confirmed = first.Findings.First(f => f.Kind == FindingKind.Mislabel);
        var shape = Shape(harness, confirmed.AnnotationKey);
        var shapeBefore = shape.ToJsonString();
        var issue = harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == confirmed.Key);
        var clean = first.Points.Where(p => p.FindingKey is null).Take(3).Select(p => p.AnnotationKey).ToList();

        var decided = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions",
            new { findingKeys = new[] { confirmed.Key }, verdict = "Confirmed", applySuggestion = true });
        var marked = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/needs-review", new { annotationKeys = clean.Append("cvat:shape/404") });
        var again = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/needs-review", new { annotationKeys = clean });

        Assert.Equal(["confirmed"], Outcomes(decided));
        Assert.Contains(harness.Cvat.Model.Comments, c => c.IssueId == issue.Id && c.Message.Contains($"suggested label {confirmed.SuggestedLabel}", StringComparison.Ordinal));
        Assert.False(issue.Resolved);
        Assert.Equal(shapeBefore, shape.ToJsonString());
        Assert.Equal(["marked", "marked", "marked", "not-found"], Outcomes(marked));
        Assert.Equal(["already-marked", "already-marked", "already-marked"], Outcomes(again));
        foreach (var key in clean)
        {
            Assert.Single(harness.Cvat.Model.Issues, i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == FindingKeys.For(FindingKind.ReviewerFlag, key));
        }

        var markers = await harness.Get<ILabelBridgeStore>().GetMarkersAsync(SweepHarness.ProjectName, Cancel);
        Assert.Equal(clean.Order(StringComparer.Ordinal), markers.Where(m => m.FindingKey.StartsWith("rv-", StringComparison.Ordinal)).Select(m => m.AnnotationKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_needs_review_flag_shows_in_the_selection_and_dismissing_it_resolves_its_issue()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var annotation = first.Points.First(p => p.FindingKey is null).AnnotationKey;
        await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/needs-review", new { annotationKeys = new[] { annotation } });

        var selected = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/selection", new { annotationKeys = new[] { annotation } });
        var flag = selected.GetProperty("items")[0].GetProperty("reviewFlag");
        var flagKey = flag.GetProperty("findingKey").GetString()!;
        var dismissed = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions", new { findingKeys = new[] { flagKey }, verdict = "Dismissed" });
        var after = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/selection", new { annotationKeys = new[] { annotation } });

        Assert.Equal(["dismissed"], Outcomes(dismissed));
        Assert.True(harness.Cvat.Model.Issues.Single(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == flag.GetProperty("markerId").GetString()).Resolved);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("items")[0].GetProperty("reviewFlag").ValueKind);
    }

    private static JsonObject Shape(SweepHarness harness, string annotationKey)
    {
        var id = long.Parse(annotationKey["cvat:shape/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes).Single(s => (long)s["id"]! == id);
    }

    private static string[] Outcomes(JsonElement results) =>
        results.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToArray();
}
