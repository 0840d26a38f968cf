using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.TriageApi;

public sealed class LabelStudioDecisionTests
{
    [Fact]
    public async Task Dismissing_withdraws_the_prediction_region_and_the_next_sweep_neither_reflags_it_nor_writes_it_again()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var dismissed = first.Findings[0];
        Assert.Contains(dismissed.Key, RegionIds(harness, dismissed.AnnotationKey));

        var results = await serve.Client().PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions",
            new { findingKeys = new[] { dismissed.Key, "ml-000000000000" }, verdict = "Dismissed" });

        Assert.Equal(["dismissed", "not-found"], Outcomes(results));
        Assert.DoesNotContain(dismissed.Key, RegionIds(harness, dismissed.AnnotationKey));

        var second = (await harness.SweepAsync()).Report!;

        Assert.DoesNotContain(second.Findings, f => f.Key == dismissed.Key);
        Assert.True(second.Counts.SuppressedAsDismissed >= 1);
        Assert.DoesNotContain(dismissed.Key, RegionIds(harness, dismissed.AnnotationKey));
    }

    [Fact]
    public async Task Confirming_with_the_suggestion_keeps_it_as_a_prediction_and_needs_review_flags_survive_the_next_sweep()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var first = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var confirmed = first.Findings.First(f => f.Kind == FindingKind.Mislabel);
        var annotationBefore = Annotation(harness, confirmed.AnnotationKey).ToJsonString();
        var clean = first.Points.Where(p => p.FindingKey is null).Take(3).Select(p => p.AnnotationKey).ToList();

        var decided = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/decisions",
            new { findingKeys = new[] { confirmed.Key }, verdict = "Confirmed", applySuggestion = true });
        var marked = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/needs-review", new { annotationKeys = clean });
        var again = await client.PostJsonAsync($"/api/sweeps/{first.SweepId}/needs-review", new { annotationKeys = clean });

        Assert.Equal(["confirmed"], Outcomes(decided));
        var suggestion = Regions(harness, confirmed.AnnotationKey).Single(r => (string?)r["id"] == confirmed.Key);
        Assert.Equal(confirmed.SuggestedLabel, (string?)suggestion["value"]!["rectanglelabels"]![0]);
        Assert.Equal(annotationBefore, Annotation(harness, confirmed.AnnotationKey).ToJsonString());
        Assert.Equal(["marked", "marked", "marked"], Outcomes(marked));
        Assert.Equal(["already-marked", "already-marked", "already-marked"], Outcomes(again));
        Assert.All(clean, key => Assert.Single(RegionIds(harness, key), id => id == FindingKeys.For(FindingKind.ReviewerFlag, key)));
        Assert.Contains(confirmed.Key, RegionIds(harness, confirmed.AnnotationKey));

        var next = (await harness.SweepAsync()).Report!;

        Assert.All(clean, key => Assert.Single(RegionIds(harness, key), id => id == FindingKeys.For(FindingKind.ReviewerFlag, key)));
        var withdrawn = FindingKeys.For(FindingKind.ReviewerFlag, clean[0]);
        var dismissed = await client.PostJsonAsync($"/api/sweeps/{next.SweepId}/decisions", new { findingKeys = new[] { withdrawn }, verdict = "Dismissed" });
        Assert.Equal(["dismissed"], Outcomes(dismissed));
        Assert.DoesNotContain(withdrawn, RegionIds(harness, clean[0]));
    }

    private static long TaskOf(string annotationKey) =>
        long.Parse(annotationKey.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static List<JsonObject> Regions(SweepHarness harness, string annotationKey) =>
        harness.LabelStudio.Model.Predictions(taskId: TaskOf(annotationKey))
            .Where(p => p.ModelVersion == "labelbridge-qa")
            .SelectMany(p => p.Result.OfType<JsonObject>())
            .ToList();

    private static List<string?> RegionIds(SweepHarness harness, string annotationKey) =>
        Regions(harness, annotationKey).Select(r => (string?)r["id"]).ToList();

    private static JsonArray Annotation(SweepHarness harness, string annotationKey) =>
        harness.LabelStudio.Model.Task(TaskOf(annotationKey))!.Annotations[0].Result;

    private static string[] Outcomes(JsonElement results) =>
        results.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToArray();
}
