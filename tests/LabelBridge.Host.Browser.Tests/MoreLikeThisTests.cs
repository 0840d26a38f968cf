using System.Globalization;
using System.Text.Json;
using LabelBridge.Core.Findings;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Tests.TriageApi;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>"More like this" (issue 17) on the triage page: from a finding row, a plot point or a card, the patch and its
/// most similar patches become the selection, "all at or above similarity s" widens or narrows it, and the grid's bulk
/// actions apply to exactly that group on the CVAT emulator.</summary>
public sealed class MoreLikeThisTests(TriagePageFixture fixture) : IClassFixture<TriagePageFixture>
{
    private string SweepQuery => $"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}";

    [Fact]
    public async Task More_like_a_finding_selects_its_most_similar_patches_a_similarity_floor_selects_all_above_it_and_dismissing_resolves_only_that_group()
    {
        var report = fixture.FirstSweep.Report!;
        var page = await fixture.OpenAsync(SweepQuery);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Findings" }).ClickAsync();
        var row = page.Locator(".finding-row").First;
        var findingKey = await row.GetAttributeAsync("data-finding-key");
        var query = report.Findings.Single(f => f.Key == findingKey).AnnotationKey;

        await row.GetByRole(AriaRole.Button, new() { Name = "More like this" }).ClickAsync();

        var status = page.Locator(".similar-status");
        await Assertions.Expect(status).ToContainTextAsync("Selected this patch and its 20 most similar");
        var top = await SimilarAsync(query, "k=20");
        Assert.Equal(20, top.Count);
        Assert.Equal(top.Select(i => i.Similarity).OrderDescending(), top.Select(i => i.Similarity));
        await Assertions.Expect(page.Locator(".grid-heading")).ToContainTextAsync("21 selected");
        await WaitSelectedAsync(page, [query, .. top.Select(i => i.AnnotationKey)]);
        await page.Locator(".cards .card").Nth(20).WaitForAsync();
        var shown = await page.Locator(".cards .card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.annotationKey)");
        Assert.Equal(new[] { query }.Concat(top.Select(i => i.AnnotationKey)).Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));

        // A floor at the 30th similarity selects more than the top 20: every patch at or above it, none left out.
        var all = await SimilarAsync(query, "k=1000");
        Assert.True(all.Count >= 30, $"the sweep has only {all.Count + 1} patches");
        var floor = Math.Floor(all[29].Similarity * 1000) / 1000;
        await page.GetByLabel("Select all at or above similarity").FillAsync(floor.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Select all at or above similarity").PressAsync("Enter");
        await Assertions.Expect(status).ToContainTextAsync($"with similarity ≥ {floor.ToString(CultureInfo.InvariantCulture)}");
        var above = await SimilarAsync(query, $"k=1000&minSimilarity={floor.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(all.Where(i => i.Similarity >= floor).Select(i => i.AnnotationKey), above.Select(i => i.AnnotationKey));
        Assert.True(above.Count > top.Count, $"the floor {floor} selected {above.Count}, no more than the top {top.Count}");
        var group = new[] { query }.Concat(above.Select(i => i.AnnotationKey)).ToHashSet(StringComparer.Ordinal);
        await Assertions.Expect(page.Locator(".grid-heading")).ToContainTextAsync($"{group.Count} selected");
        await WaitSelectedAsync(page, group);

        // The bulk action applies to the group: its findings' CVAT issues are resolved, every other issue is untouched.
        var inGroup = report.Findings.Where(f => group.Contains(f.AnnotationKey)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(inGroup);
        Assert.True(inGroup.Count < report.Findings.Count, "the group holds every finding, so the test cannot tell a group from everything");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss selection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".bulk-status")).ToHaveTextAsync($"{inGroup.Count} dismissed");
        var cvat = fixture.Harness.Cvat.Model;
        foreach (var issue in cvat.Issues)
        {
            var key = FindingKeys.ParseMarker(cvat.FirstMessage(issue.Id));
            Assert.Equal(key is not null && inGroup.Contains(key), issue.Resolved);
        }
    }

    [Fact]
    public async Task Right_clicking_a_plot_point_and_more_like_this_on_a_card_each_select_that_patch_and_its_neighbours()
    {
        var page = await fixture.OpenAsync(SweepQuery);
        Assert.Equal("ready", await page.EvaluateAsync<string>("() => window.labelBridge.similar.warm"));
        var keys = await page.EvaluateAsync<string[]>("() => window.labelBridge.annotationKeys()");
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var at = await page.EvaluateAsync<JsonElement>("key => window.labelBridge.screenPositionOf(key)", key);
            positions[key] = (at.GetProperty("x").GetDouble(), at.GetProperty("y").GetDouble());
        }

        // The most isolated point, so the pointer is over it and no other.
        var point = positions.OrderByDescending(p => positions.Where(o => o.Key != p.Key).Min(o => Math.Sqrt(Math.Pow(o.Value.X - p.Value.X, 2) + Math.Pow(o.Value.Y - p.Value.Y, 2)))).First();
        await page.Mouse.MoveAsync((float)point.Value.X - 20, (float)point.Value.Y - 20);
        await page.Mouse.MoveAsync((float)point.Value.X, (float)point.Value.Y, new MouseMoveOptions { Steps = 3 });
        await Assertions.Expect(page.Locator(".tooltip")).ToBeVisibleAsync();
        await page.Mouse.ClickAsync((float)point.Value.X, (float)point.Value.Y, new MouseClickOptions { Button = MouseButton.Right });

        await Assertions.Expect(page.Locator(".similar-title")).ToContainTextAsync(point.Key);
        await Assertions.Expect(page.Locator(".similar-status")).ToContainTextAsync("most similar");
        var top = await SimilarAsync(point.Key, "k=20");
        await WaitSelectedAsync(page, [point.Key, .. top.Select(i => i.AnnotationKey)]);

        var card = page.Locator($".card[data-annotation-key=\"{top[0].AnnotationKey}\"]");
        await card.GetByRole(AriaRole.Button, new() { Name = "More like this" }).ClickAsync();
        await Assertions.Expect(page.Locator(".similar-title")).ToContainTextAsync(top[0].AnnotationKey);
        var next = await SimilarAsync(top[0].AnnotationKey, "k=20");
        string[] group = [top[0].AnnotationKey, .. next.Select(i => i.AnnotationKey)];
        await WaitSelectedAsync(page, group);

        // Selecting something else by hand (a finding outside the group) ends "more like this".
        var report = fixture.FirstSweep.Report!;
        await page.GetByRole(AriaRole.Tab, new() { Name = "Findings" }).ClickAsync();
        await page.Locator(".finding-row").First.WaitForAsync();
        var rows = await page.Locator(".finding-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.findingKey)");
        var outside = rows.First(key => !group.Contains(report.Findings.Single(f => f.Key == key).AnnotationKey));
        await page.Locator($".finding-row[data-finding-key=\"{outside}\"] td").First.ClickAsync();
        await Assertions.Expect(page.Locator(".similar")).ToBeHiddenAsync();
    }

    private async Task<List<(string AnnotationKey, double Similarity)>> SimilarAsync(string annotationKey, string query)
    {
        var answer = await fixture.Server.Client().GetJsonAsync($"/api/sweeps/{fixture.FirstSweep.SweepId}/similar?annotation={Uri.EscapeDataString(annotationKey)}&{query}");
        return [.. answer.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("annotationKey").GetString()!, i.GetProperty("similarity").GetDouble()))];
    }

    /// <summary>Waits until the plot's selection is exactly <paramref name="expected"/> (in any order).</summary>
    private static async Task WaitSelectedAsync(IPage page, IEnumerable<string> expected)
    {
        string[] keys = [.. expected.Order(StringComparer.Ordinal)];
        try
        {
            await page.WaitForFunctionAsync(
                "keys => { const s = window.labelBridge.selected; return Array.isArray(s) && s.length === keys.length && [...s].sort().every((k, i) => k === keys[i]); }",
                keys, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (PlaywrightException)
        {
            var selected = await page.EvaluateAsync<string[]?>("() => window.labelBridge.selected") ?? [];
            Assert.Equal(keys, selected.Order(StringComparer.Ordinal));
            throw;
        }
    }
}
