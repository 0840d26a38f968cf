using System.Globalization;
using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>The Annotators tab's trend column after a second sweep over a changed annotation set.</summary>
public sealed class QualityTrendPageTests(TriagePageFixture fixture) : IClassFixture<TriagePageFixture>
{
    [Fact]
    public async Task The_annotators_tab_shows_each_jobs_findings_per_100_in_both_sweeps()
    {
        var first = fixture.FirstSweep.Report!;
        var shrunk = fixture.Harness.Cvat.Model.Tasks.SelectMany(t => t.Jobs).OrderBy(j => j.Id).First();
        shrunk.Shapes.RemoveRange(0, shrunk.Shapes.Count / 2);
        var second = (await fixture.Harness.SweepAsync()).Report!;
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={second.SweepId}");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Annotators" }).ClickAsync();

        var jobs = page.Locator("table.quality-jobs tbody tr");
        await Assertions.Expect(page.Locator("table.quality-jobs thead th").Nth(4)).ToHaveTextAsync("Trend");
        foreach (var job in second.Quality!.Jobs)
        {
            var before = first.Quality!.Jobs.Single(r => r.Name == job.Name).FindingsPer100;
            await Assertions.Expect(jobs.Filter(new() { Has = page.Locator($"td:text-is(\"{job.Name}\")") }).Locator("td.trend .trend-values"))
                .ToHaveTextAsync(string.Create(CultureInfo.InvariantCulture, $"{before:0.0} → {job.FindingsPer100:0.0}"));
        }

        await Assertions.Expect(page.Locator("table.quality-jobs td.trend svg.sparkline").First).ToBeAttachedAsync();
    }
}
