using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>Bulk actions on a plot selection, as FiftyOne's tag-on-lasso: dismiss every finding in it, or mark every
/// annotation in it for review on the platform.</summary>
public sealed class BulkActionTests(TriagePageFixture fixture) : IClassFixture<TriagePageFixture>
{
    /// <summary>A bulk action writes to the platform once per annotation (a hundred requests here), which on a loaded
    /// machine takes well over Playwright's default 5 s.</summary>
    private const float PlatformWritesTimeout = 90_000;

    [Fact]
    public async Task Dismissing_a_selection_resolves_its_issues_and_tagging_it_marks_each_annotation_once()
    {
        var report = fixture.FirstSweep.Report!;
        var cvat = fixture.Harness.Cvat.Model;
        Assert.Equal(report.Findings.Count, cvat.Issues.Count);
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}");

        await SelectEverythingAsync(page);
        var flagged = report.Findings.Select(f => f.AnnotationKey).Distinct(StringComparer.Ordinal).Count();
        await Assertions.Expect(page.Locator(".grid-heading")).ToHaveTextAsync($"{report.Points.Count} selected · {flagged} with findings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss selection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".bulk-status")).ToHaveTextAsync($"{report.Findings.Count} dismissed", new() { Timeout = PlatformWritesTimeout });
        Assert.All(cvat.Issues, issue => Assert.True(issue.Resolved));

        await page.GetByRole(AriaRole.Button, new() { Name = "Tag selection needs-review" }).ClickAsync();
        await Assertions.Expect(page.Locator(".bulk-status")).ToContainTextAsync($"{report.Points.Count} marked", new() { Timeout = PlatformWritesTimeout });
        var issues = cvat.Issues.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Tag selection needs-review" }).ClickAsync();
        await Assertions.Expect(page.Locator(".bulk-status")).ToContainTextAsync($"{report.Points.Count} already-marked", new() { Timeout = PlatformWritesTimeout });

        Assert.Equal(report.Findings.Count + report.Points.Count, issues);
        Assert.Equal(issues, cvat.Issues.Count);
    }

    private static async Task SelectEverythingAsync(IPage page)
    {
        await page.GetByLabel("box", new() { Exact = true }).CheckAsync();
        var plot = (await page.Locator(".plot-area").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(plot.X + 2, plot.Y + 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(plot.X + (plot.Width / 2), plot.Y + (plot.Height / 2), new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(plot.X + plot.Width - 2, plot.Y + plot.Height - 2, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.Locator(".cards .card").First.WaitForAsync();
    }
}
