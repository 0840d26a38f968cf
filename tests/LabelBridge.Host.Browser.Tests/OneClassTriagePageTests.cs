using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>The page on a sweep with nothing to review: one class (no mislabels or conflicts possible) and outliers
/// switched off.</summary>
public sealed class OneClassTriagePageTests(OneClassTriagePageTests.OneClassFixture fixture) : IClassFixture<OneClassTriagePageTests.OneClassFixture>
{
    [Fact]
    public async Task A_sweep_without_findings_still_draws_every_point_and_says_there_is_nothing_to_review()
    {
        var report = fixture.FirstSweep.Report!;
        Assert.Empty(report.Findings);

        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}");

        await Assertions.Expect(page.Locator(".no-findings")).ToHaveTextAsync("No findings in this sweep.");
        await Assertions.Expect(page.Locator(".sweep-head")).ToContainTextAsync("Only one class (Bag)");
        Assert.Equal(report.Points.Count, await page.EvaluateAsync<int>("() => window.labelBridge.count"));
        await Assertions.Expect(page.Locator(".legend-entry")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Findings" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-tab=findings] .empty")).ToHaveTextAsync("No findings in this sweep.");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Confusion" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-tab=confusion] .empty")).ToContainTextAsync("No mislabel findings");
    }

    [Fact]
    public async Task A_patch_whose_thumbnail_is_gone_shows_a_placeholder_that_says_why()
    {
        var keys = fixture.FirstSweep.Report!.Points.Select(p => p.AnnotationKey).ToList();
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}");
        var gone = await SelectEverythingAsync(page);
        await Assertions.Expect(page.Locator(".cards .card")).ToHaveCountAsync(Math.Min(60, keys.Count));
        DeleteThumbnail(gone);

        var fresh = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}");
        await SelectEverythingAsync(fresh);

        var card = fresh.Locator($".card[data-annotation-key=\"{gone}\"]");
        await Assertions.Expect(card.Locator(".thumb-missing")).ToHaveTextAsync("No thumbnail: the item may have been deleted or not embedded yet.");
        await Assertions.Expect(fresh.Locator(".cards .card img.thumb").First).ToBeVisibleAsync();
    }

    /// <summary>Drags a box over the whole plot; returns the annotation key of the first card shown.</summary>
    private static async Task<string> SelectEverythingAsync(IPage page)
    {
        await page.GetByLabel("box", new() { Exact = true }).CheckAsync();
        var plot = (await page.Locator(".plot-area").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(plot.X + 2, plot.Y + 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(plot.X + (plot.Width / 2), plot.Y + (plot.Height / 2), new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(plot.X + plot.Width - 2, plot.Y + plot.Height - 2, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.Locator(".cards .card").First.WaitForAsync();
        return (await page.Locator(".cards .card").First.GetAttributeAsync("data-annotation-key"))!;
    }

    private void DeleteThumbnail(string annotationKey)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.Harness.Options.Store.SqlitePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM thumbnails WHERE annotation_key = $key";
        command.Parameters.AddWithValue("$key", annotationKey);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public sealed class OneClassFixture : TriagePageFixture
    {
        internal override async Task<SweepHarness> StartHarnessAsync()
        {
            var harness = await SweepHarness.StartCvatAsync(new(FramesPerTask: 8, JobSize: 8, MislabelRate: 0, DuplicateConflicts: 0, Junk: 0));
            var bag = harness.Cvat.Model.Projects.Single().Labels.First(l => l.Name == "Bag").Id;
            foreach (var shape in harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).SelectMany(j => j.Shapes))
            {
                shape["label_id"] = bag;
            }

            // Outlier scores are percentiles, so the most distant patch always scores 1 and no valid OutlierMinScore
            // (0 to 1) switches outliers off; a contamination budget of 0 does.
            harness.Options.Projects[0].Thresholds.OutlierContamination = 0;
            return harness;
        }
    }
}
