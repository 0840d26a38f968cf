using System.Net;
using System.Text.Json;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;
using static LabelBridge.Host.Tests.TriageApi.TriageHttp;

namespace LabelBridge.Host.Tests.TriageApi;

/// <summary>"More like this" over real HTTP against sweeps of the CVAT and Label Studio emulators: the answer is checked
/// against the neighbours the sweep's own analysis recorded as evidence, read back from the embedding cache.</summary>
public sealed class SimilarPatchTests
{
    [Fact]
    public async Task On_a_cvat_sweep_the_most_similar_patches_are_the_neighbours_the_analysis_recorded_with_the_same_similarities()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var report = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);

        await AssertSameAsEvidenceAsync(serve.Client(), report);
    }

    [Fact]
    public async Task On_a_label_studio_sweep_the_most_similar_patches_are_the_neighbours_the_analysis_recorded()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var report = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);

        await AssertSameAsEvidenceAsync(serve.Client(), report);
    }

    [Fact]
    public async Task A_minimum_similarity_keeps_exactly_the_answers_at_or_above_it_and_bad_requests_are_named()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var report = (await harness.SweepAsync()).Report!;
        await using var serve = await TriageServe.StartAsync(harness.Options);
        var client = serve.Client();
        var query = report.Points[0].AnnotationKey;
        var path = $"/api/sweeps/{report.SweepId}/similar?annotation={Uri.EscapeDataString(query)}";

        var all = await client.GetJsonAsync($"{path}&k=200");
        var similarities = Items(all).Select(i => i.GetProperty("similarity").GetDouble()).ToList();
        var floor = similarities[similarities.Count / 2];
        var above = await client.GetJsonAsync($"{path}&k=200&minSimilarity={floor.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        Assert.Equal(Math.Min(200, report.Points.Count - 1), similarities.Count);
        Assert.Equal(similarities.OrderDescending(), similarities);
        Assert.All(Items(all), i => Assert.Contains(report.Points, p => p.AnnotationKey == i.GetProperty("annotationKey").GetString()));
        Assert.Equal(similarities.Count(s => s >= floor), Items(above).Count);
        Assert.All(Items(above), i => Assert.True(i.GetProperty("similarity").GetDouble() >= floor));
        Assert.Equal((await client.ProblemAsync($"/api/sweeps/{report.SweepId}/similar?annotation=cvat:shape/404")).Title, $"Annotation cvat:shape/404 is not in sweep {report.SweepId}.");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ProblemAsync($"/api/sweeps/{report.SweepId}/similar")).Status);
        Assert.Equal("k must be between 1 and 1000; it was 0.", (await client.ProblemAsync($"{path}&k=0")).Title);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.ProblemAsync($"{path}&minSimilarity=2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ProblemAsync($"/api/sweeps/999999/similar?annotation=x")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Client(token: null).ProblemAsync(path)).Status);

        // Warming (the page asks when it opens a sweep) reads and indexes the vectors; the same guards apply.
        using (var warm = await client.PostAsync($"/api/sweeps/{report.SweepId}/similar/warm", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, warm.StatusCode);
        }

        using (var unknown = await client.PostAsync("/api/sweeps/999999/similar/warm", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var anonymous = await serve.Client(token: null).PostAsync($"/api/sweeps/{report.SweepId}/similar/warm", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    private static async Task AssertSameAsEvidenceAsync(HttpClient client, SweepReport report)
    {
        var findings = report.Findings.Where(f => f.Kind == FindingKind.Mislabel && f.Neighbours.Count > 0).Take(3).ToList();
        Assert.NotEmpty(findings);
        foreach (var finding in findings)
        {
            var answer = await client.GetJsonAsync(
                $"/api/sweeps/{report.SweepId}/similar?annotation={Uri.EscapeDataString(finding.AnnotationKey)}&k={finding.Neighbours.Count}");
            var items = Items(answer);

            Assert.Equal("exact", answer.GetProperty("method").GetString());
            Assert.Equal("objects", answer.GetProperty("population").GetString());
            Assert.Equal(finding.Neighbours.Count, items.Count);
            Assert.DoesNotContain(items, i => i.GetProperty("annotationKey").GetString() == finding.AnnotationKey);
            Assert.Equal(finding.Neighbours.Select(n => n.AnnotationKey).Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("annotationKey").GetString()!).Order(StringComparer.Ordinal));
            for (var j = 0; j < items.Count; j++)
            {
                Assert.Equal(finding.Neighbours[j].Similarity, items[j].GetProperty("similarity").GetDouble(), 1e-3);
                var key = items[j].GetProperty("annotationKey").GetString();
                Assert.Equal(finding.Neighbours.Single(n => n.AnnotationKey == key).Label, items[j].GetProperty("label").GetString());
            }

            var flagged = items.FirstOrDefault(i => report.Findings.Any(f => f.AnnotationKey == i.GetProperty("annotationKey").GetString()));
            if (flagged.ValueKind == JsonValueKind.Object)
            {
                Assert.NotEqual(JsonValueKind.Null, flagged.GetProperty("findingKey").ValueKind);
            }
        }
    }

    private static List<JsonElement> Items(JsonElement answer) => [.. answer.GetProperty("items").EnumerateArray()];
}
