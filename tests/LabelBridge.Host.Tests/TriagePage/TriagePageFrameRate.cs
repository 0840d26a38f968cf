using System.Diagnostics;
using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Tests.TriagePage;

/// <summary>The bench of bench/triage-page: frames per second of the plot while a reviewer zooms and pans, on a
/// synthetic sweep of 100k and 200k points. Explicit: runs only with <c>--explicit only</c> (bench/triage-page/run.sh).</summary>
public sealed class TriagePageFrameRate
{
    [Theory(Explicit = true)]
    [InlineData(100_000)]
    [InlineData(200_000)]
    public async Task Plot_frame_rate_while_zooming_and_panning(int points)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var harness = await SweepHarness.StartCvatAsync(new(Tasks: 1, FramesPerTask: 1, JobSize: 1));
        var store = harness.Get<ILabelBridgeStore>();
        await store.InitializeAsync(cancel);
        var sweepId = await SyntheticSweep.WriteAsync(store, SweepHarness.ProjectName, points, TimeProvider.System.GetUtcNow(), cancel);
        await using var server = await TriageServer.StartAsync(harness.Options);
        await using var browser = await TriageBrowser.LaunchAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();

        var opening = Stopwatch.StartNew();
        await page.GotoAsync(server.PageUrl($"?sweep={sweepId}").ToString());
        await page.Locator("#token-input").FillAsync(TriageServer.Token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        await TriagePageFixture.WaitUntilReadyAsync(page);
        var ready = opening.Elapsed;
        Assert.Equal(points, await page.EvaluateAsync<int>("() => window.labelBridge.count"));

        await page.EvaluateAsync("""
            () => {
              const m = window.labelBridgeBench = { draws: 0, frames: 0, running: true };
              window.labelBridge.scatterplot.subscribe('draw', () => { m.draws++; });
              const tick = () => { m.frames++; if (m.running) requestAnimationFrame(tick); };
              requestAnimationFrame(tick);
            }
            """);
        var plot = (await page.Locator(".plot-area").BoundingBoxAsync())!;
        var (cx, cy) = (plot.X + (plot.Width / 2), plot.Y + (plot.Height / 2));
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 4; round++)
        {
            await page.Mouse.MoveAsync(cx, cy);
            for (var i = 0; i < 15; i++)
            {
                await page.Mouse.WheelAsync(0, round % 2 == 0 ? -60 : 60);
            }

            await page.Mouse.DownAsync();
            for (var i = 0; i < 30; i++)
            {
                await page.Mouse.MoveAsync(cx + (float)(150 * Math.Sin(i / 5.0)), cy + (float)(100 * Math.Cos(i / 5.0)));
            }

            await page.Mouse.UpAsync();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await TriagePageFixture.HookAsync<Measured>(page, "() => { const m = window.labelBridgeBench; m.running = false; return m; }");
        var line = string.Format(CultureInfo.InvariantCulture,
            "| {0:N0} | {1:F1} s | {2:F1} | {3:F1} | {4:F1} s |", points, ready.TotalSeconds, measured.Draws / seconds, measured.Frames / seconds, seconds);
        TestContext.Current.SendDiagnosticMessage(line);
        Directory.CreateDirectory(TriagePageFixture.ArtifactsDirectory);
        await File.AppendAllTextAsync(Path.Combine(TriagePageFixture.ArtifactsDirectory, "triage-fps.md"), line + Environment.NewLine, cancel);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TriagePageFixture.ArtifactsDirectory, $"triage-{points}.png") });
        Assert.True(measured.Draws > 0);
    }

    private sealed record Measured(int Draws, int Frames);
}
