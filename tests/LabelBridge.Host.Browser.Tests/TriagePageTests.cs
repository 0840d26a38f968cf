using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Tests.TriageApi;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>The reviewer triage page in real Chromium against <c>serve</c> and the CVAT emulator after a real sweep.</summary>
public sealed class TriagePageTests(TriagePageFixture fixture) : IClassFixture<TriagePageFixture>
{
    private string FirstSweepQuery => $"?project={SweepHarness.ProjectName}&sweep={fixture.FirstSweep.SweepId}";

    // The tests share one sweep and decide on findings, so each decides on its own: calibrated scores tie at 1, and the
    // lowest-scored mislabel can be the highest-scored finding.
    private ReportedFinding LassoTarget => fixture.FirstSweep.Report!.Findings.OrderByDescending(f => f.Score).ThenBy(f => f.Key, StringComparer.Ordinal).First();

    [Fact]
    public async Task Lassoing_points_shows_their_patches_and_dismissing_one_resolves_its_cvat_issue_for_good()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var positions = await PositionsAsync(page);
        var target = LassoTarget;
        var centre = positions[target.AnnotationKey];
        var lasso = Polygon(centre, ClearRadius(centre, positions.Values), corners: 16);
        var expected = positions.Where(p => Inside(lasso, p.Value)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        await page.GetByLabel("lasso", new() { Exact = true }).CheckAsync();
        await DragAlongAsync(page, lasso);
        await page.Locator(".cards .card").First.WaitForAsync();
        var shown = await page.Locator(".cards .card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.annotationKey)");

        Assert.Contains(target.AnnotationKey, expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Equal(target.AnnotationKey, shown[0]);
        await SavePlotScreenshotAsync(page);

        var card = page.Locator($".card[data-finding-key=\"{target.Key}\"]");
        await card.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(card.Locator(".card-status")).ToContainTextAsync("Dismissed");

        var issue = fixture.Harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(fixture.Harness.Cvat.Model.FirstMessage(i.Id)) == target.Key);
        Assert.True(issue.Resolved);
        var issuesBefore = fixture.Harness.Cvat.Model.Issues.Count;
        var next = (await fixture.Harness.SweepAsync()).Report!;
        Assert.DoesNotContain(next.Findings, f => f.Key == target.Key);
        Assert.Equal(issuesBefore, fixture.Harness.Cvat.Model.Issues.Count);
    }

    [Fact]
    public async Task Hovering_a_flagged_point_shows_its_patch_labels_suggestion_and_score()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var positions = await PositionsAsync(page);
        var finding = fixture.FirstSweep.Report!.Findings
            .Where(f => f.SuggestedLabel is not null)
            .OrderByDescending(f => positions.Where(p => p.Key != f.AnnotationKey).Min(p => Distance(p.Value, positions[f.AnnotationKey])))
            .First();
        var at = positions[finding.AnnotationKey];

        await page.Mouse.MoveAsync((float)at.X - 20, (float)at.Y - 20);
        await page.Mouse.MoveAsync((float)at.X, (float)at.Y, new MouseMoveOptions { Steps = 3 });

        var tooltip = page.Locator(".tooltip");
        await Assertions.Expect(tooltip).ToBeVisibleAsync();
        await Assertions.Expect(tooltip).ToContainTextAsync($"{finding.GivenLabel} (given)");
        await Assertions.Expect(tooltip).ToContainTextAsync($"{finding.Kind} · score {finding.Score.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}");
        await Assertions.Expect(tooltip).ToContainTextAsync($"suggested: {finding.SuggestedLabel}");
        await Assertions.Expect(tooltip.Locator("img.tooltip-thumb")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sweep_header_says_about_how_many_labels_look_wrong_and_how_many_are_shown()
    {
        var estimate = fixture.FirstSweep.Report!.Estimate;
        Assert.NotNull(estimate);

        var page = await fixture.OpenAsync(FirstSweepQuery);

        var sentence = estimate.Sentence();
        await Assertions.Expect(page.Locator(".sweep-head .estimate")).ToHaveTextAsync(char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".");
    }

    [Fact]
    public async Task Colouring_by_kind_and_hiding_a_class_change_what_the_plot_draws()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var report = fixture.FirstSweep.Report!;
        var flagged = report.Findings[0];
        var flaggedKeys = report.Findings.Select(f => f.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        var quiet = report.Points.First(p => !flaggedKeys.Contains(p.AnnotationKey) && p.Label != report.Points.First(q => q.AnnotationKey == flagged.AnnotationKey).Label);

        var byLabel = await StyleAsync(page, flagged.AnnotationKey);
        await page.GetByLabel("finding kind", new() { Exact = true }).CheckAsync();
        var byKind = await StyleAsync(page, flagged.AnnotationKey);
        var quietByKind = await StyleAsync(page, quiet.AnnotationKey);

        Assert.NotEqual(byLabel.Colour, byKind.Colour);
        Assert.Equal("#5b6270", quietByKind.Colour);
        Assert.NotEqual(quietByKind.Colour, byKind.Colour);

        await page.GetByLabel("given label", new() { Exact = true }).CheckAsync();
        await page.Locator(".legend-entry", new() { HasText = quiet.Label }).ClickAsync();

        Assert.False((await StyleAsync(page, quiet.AnnotationKey)).Visible);
        Assert.True((await StyleAsync(page, flagged.AnnotationKey)).Visible);
        Assert.Equal("false", await page.Locator(".legend-entry", new() { HasText = quiet.Label }).GetAttributeAsync("aria-pressed"));
    }

    [Fact]
    public async Task A_confusion_cell_selects_its_findings_in_the_plot_and_the_grid()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var mislabels = fixture.FirstSweep.Report!.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
        Assert.NotEmpty(mislabels);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Confusion" }).ClickAsync();
        var cell = page.Locator(".confusion .cell").First;
        var given = await cell.GetAttributeAsync("data-given");
        var suggested = await cell.GetAttributeAsync("data-suggested");
        await cell.ClickAsync();
        await page.Locator(".cards .card").First.WaitForAsync();

        var expected = mislabels.Where(f => f.GivenLabel == given && f.SuggestedLabel == suggested).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var shown = await page.Locator(".cards .card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.findingKey)");
        var selected = await page.EvaluateAsync<string[]>("() => window.labelBridge.selected");
        Assert.Equal(expected, shown.Order(StringComparer.Ordinal));
        Assert.Equal(mislabels.Where(f => expected.Contains(f.Key)).Select(f => f.AnnotationKey).Order(StringComparer.Ordinal), selected.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (await cell.TextContentAsync())!.Trim());
    }

    [Fact]
    public async Task The_link_in_a_platform_marker_opens_the_page_with_its_finding_selected()
    {
        // A marker's link opens the project's newest sweep, and other tests of this class may have swept again since.
        var store = fixture.Harness.Get<ILabelBridgeStore>();
        var newest = (await store.ListSweepsAsync(SweepHarness.ProjectName, 1, TestContext.Current.CancellationToken)).Single();
        var finding = (await store.GetFindingsAsync(newest.Id, TestContext.Current.CancellationToken)).Select(f => f.Finding).OrderBy(f => f.Score).ThenBy(f => f.Key, StringComparer.Ordinal).First();
        var web = new Core.Configuration.WebOptions { PublicUrl = new Uri(fixture.Server.PageUrl().GetLeftPart(UriPartial.Authority)) };
        var linkOf = global::LabelBridge.Core.Sweeps.ProjectSweeps.TriageLink(web, fixture.Harness.Options.Projects[0])!;
        var link = linkOf(finding)!;
        Assert.Equal(fixture.Server.PageUrl().AbsolutePath, link.AbsolutePath);

        var page = await fixture.OpenAsync(link.Query);

        await Assertions.Expect(page.Locator(".cards .card")).ToHaveCountAsync(1);
        Assert.Equal(finding.Key, await page.Locator(".cards .card").GetAttributeAsync("data-finding-key"));
        Assert.Equal([finding.AnnotationKey], await page.EvaluateAsync<string[]>("() => window.labelBridge.selected"));
    }

    [Fact]
    public async Task The_findings_list_filters_by_kind_and_a_row_selects_its_patch()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var mislabels = fixture.FirstSweep.Report!.Findings.Where(f => f.Kind == FindingKind.Mislabel).OrderByDescending(f => f.Score).ToList();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Findings" }).ClickAsync();
        await page.Locator("select[name=status]").SelectOptionAsync("");
        await page.Locator("select[name=kind]").SelectOptionAsync("Mislabel");

        await Assertions.Expect(page.Locator(".pager")).ToContainTextAsync($"of {mislabels.Count}");
        var kinds = await page.Locator(".finding-row td:nth-child(2)").AllTextContentsAsync();
        Assert.Equal(Math.Min(50, mislabels.Count), kinds.Count);
        Assert.All(kinds, k => Assert.Equal("Mislabel", k));
        var first = page.Locator(".finding-row").First;
        var key = (await first.GetAttributeAsync("data-finding-key"))!;
        Assert.Equal(mislabels[0].Score, mislabels.Single(f => f.Key == key).Score);

        await first.ClickAsync();
        await Assertions.Expect(page.Locator(".cards .card")).ToHaveCountAsync(1);
        Assert.Equal(key, await page.Locator(".cards .card").GetAttributeAsync("data-finding-key"));
    }

    [Fact]
    public async Task Confirming_with_the_suggestion_keeps_the_cvat_issue_and_adds_the_suggested_label_to_it()
    {
        var page = await fixture.OpenAsync(FirstSweepQuery);
        var finding = fixture.FirstSweep.Report!.Findings.Where(f => f.Kind == FindingKind.Mislabel && f.Key != LassoTarget.Key).MinBy(f => f.Score)!;

        await page.GetByRole(AriaRole.Tab, new() { Name = "Findings" }).ClickAsync();
        await page.Locator($".finding-row[data-finding-key=\"{finding.Key}\"]").ClickAsync();
        var card = page.Locator($".card[data-finding-key=\"{finding.Key}\"]");
        await card.GetByLabel("apply suggestion").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Assertions.Expect(card.Locator(".card-status")).ToContainTextAsync("Confirmed");
        var cvat = fixture.Harness.Cvat.Model;
        var issue = cvat.Issues.Single(i => FindingKeys.ParseMarker(cvat.FirstMessage(i.Id)) == finding.Key);
        Assert.False(issue.Resolved);
        Assert.Contains(cvat.Comments, c => c.IssueId == issue.Id && c.Message.Contains($"suggested label {finding.SuggestedLabel}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_is_served_without_a_token_and_the_root_leads_to_it()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.Address };

        var root = await client.GetAsync("/?project=shelves", TestContext.Current.CancellationToken);
        var page = await client.GetAsync("/triage/", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(assets/[^\"]+\\.js)\"").Groups[1].Value;
        var asset = await client.GetAsync("/triage/" + script, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal(new Uri(fixture.Server.Address, "/triage/?project=shelves"), new Uri(new Uri(fixture.Server.Address, "/"), root.Headers.Location!));
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_stale_sweep_id_says_so_and_links_to_the_projects_newest_sweep()
    {
        var page = await fixture.OpenAsync("?sweep=987654");

        await Assertions.Expect(page.Locator("#problem")).ToContainTextAsync("Sweep 987654 does not exist.");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open the newest sweep of {SweepHarness.ProjectName}" }).ClickAsync();
        await TriagePageFixture.WaitUntilReadyAsync(page);
        await Assertions.Expect(page.Locator(".sweep-head h2")).ToContainTextAsync($"{SweepHarness.ProjectName} · sweep #");
        Assert.True(await page.EvaluateAsync<int>("() => window.labelBridge.count") > 0);
    }

    [Fact]
    public async Task The_page_asks_for_the_api_token_and_refuses_a_wrong_one()
    {
        var page = await fixture.NewPageAsync("");
        var dialog = page.Locator("#token-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();

        await page.Locator("#token-input").FillAsync("not-the-token");
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#token-problem")).ToHaveTextAsync("That is not this worker's API token.");
        await page.Locator("#token-input").FillAsync(TriageServe.Token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();

        await TriagePageFixture.WaitUntilReadyAsync(page);
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = SweepHarness.ProjectName })).ToBeVisibleAsync();
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Value.Contains(TriageServe.Token, StringComparison.Ordinal));
    }

    private static Task<PointStyle> StyleAsync(IPage page, string annotationKey) =>
        TriagePageFixture.HookAsync<PointStyle>(page, "key => window.labelBridge.styleOf(key)", annotationKey);

    private static async Task<Dictionary<string, Point>> PositionsAsync(IPage page)
    {
        var keys = await page.EvaluateAsync<string[]>("() => window.labelBridge.annotationKeys()");
        var positions = new Dictionary<string, Point>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            positions[key] = await TriagePageFixture.HookAsync<Point>(page, "key => window.labelBridge.screenPositionOf(key)", key);
        }

        return positions;
    }

    private static double Distance(Point a, Point b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    /// <summary>A lasso radius with no point near the lasso's line, so which points it holds is not a matter of pixels.</summary>
    private static double ClearRadius(Point centre, IEnumerable<Point> points)
    {
        var distances = points.Select(p => Math.Sqrt(((p.X - centre.X) * (p.X - centre.X)) + ((p.Y - centre.Y) * (p.Y - centre.Y)))).ToList();
        for (var radius = 24.0; radius < 120; radius += 1)
        {
            if (!distances.Any(d => d > (radius * 0.95) - 5 && d < radius + 5))
            {
                return radius;
            }
        }

        return 24;
    }

    private static List<Point> Polygon(Point centre, double radius, int corners) =>
        [.. Enumerable.Range(0, corners).Select(i => new Point(
            centre.X + radius * Math.Cos(2 * Math.PI * i / corners),
            centre.Y + radius * Math.Sin(2 * Math.PI * i / corners)))];

    private static async Task DragAlongAsync(IPage page, List<Point> polygon)
    {
        await page.Mouse.MoveAsync((float)polygon[0].X, (float)polygon[0].Y);
        await page.Mouse.DownAsync();
        foreach (var corner in polygon.Skip(1).Append(polygon[0]))
        {
            await page.Mouse.MoveAsync((float)corner.X, (float)corner.Y, new MouseMoveOptions { Steps = 4 });
        }

        await page.Mouse.UpAsync();
    }

    /// <summary>Ray casting: is the point inside the polygon?</summary>
    private static bool Inside(List<Point> polygon, Point point)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (a, b) = (polygon[i], polygon[j]);
            if ((a.Y > point.Y) != (b.Y > point.Y) && point.X < ((b.X - a.X) * (point.Y - a.Y) / (b.Y - a.Y)) + a.X)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static async Task SavePlotScreenshotAsync(IPage page)
    {
        Directory.CreateDirectory(TriagePageFixture.ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TriagePageFixture.ArtifactsDirectory, "triage.png") });
    }

    internal sealed record Point(double X, double Y);

    internal sealed record PointStyle(string Colour, bool Visible, bool Flagged);
}
