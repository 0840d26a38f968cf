using System.Diagnostics;
using System.Globalization;
using LabelBridge.Core.Storage;
using LabelBridge.Host.Tests.Sweeps;
using LabelBridge.Host.Tests.TriageApi;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>The bench of bench/triage-page: frames per second of the plot while a reviewer zooms and pans, on a
/// synthetic sweep of 100k, 200k and 1M points (1k as the baseline of the same machine at the same moment). Explicit: runs only with <c>--explicit only</c> (bench/triage-page/run.sh).</summary>
public sealed class TriagePageFrameRate
{
    [Theory(Explicit = true)]
    [InlineData(1_000)]
    [InlineData(100_000)]
    [InlineData(200_000)]
    [InlineData(1_000_000)]
    public async Task Plot_frame_rate_while_zooming_and_panning(int points)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var harness = await SweepHarness.StartCvatAsync(new(Tasks: 1, FramesPerTask: 1, JobSize: 1));
        var store = harness.Get<ILabelBridgeStore>();
        await store.InitializeAsync(cancel);
        var sweepId = await SyntheticSweep.WriteAsync(store, SweepHarness.ProjectName, points, TimeProvider.System.GetUtcNow(), cancel);
        await using var server = await TriageServe.StartAsync(harness.Options);
        await using var browser = await TriageBrowser.LaunchAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();

        var opening = Stopwatch.StartNew();
        await page.GotoAsync(server.PageUrl($"?sweep={sweepId}").ToString());
        await page.Locator("#token-input").FillAsync(TriageServe.Token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        // A measurement, not a check: a million points may take longer than the page tests' 30 s to draw first.
        await TriagePageFixture.WaitUntilReadyAsync(page, 300_000);
        var ready = opening.Elapsed;
        Assert.Equal(points, await page.EvaluateAsync<int>("() => window.labelBridge.count"));
        var stages = await TriagePageFixture.HookAsync<Stages>(page, """
            () => {
              // The last request of each: the first /summary is answered 401 until the token is entered.
              const resource = (path) => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith(path)).at(-1);
              const mark = (name) => performance.getEntriesByName(`labelbridge:${name}`)[0]?.startTime ?? 0;
              const summary = resource('/summary');
              const columns = resource('/points');
              return {
                summaryMs: summary ? summary.responseEnd - summary.requestStart : 0,
                pointsWaitMs: columns ? columns.responseStart - columns.requestStart : 0,
                pointsTransferMs: columns ? columns.responseEnd - columns.responseStart : 0,
                pointsBytes: columns ? columns.encodedBodySize : 0,
                parseMs: columns ? mark('points-parsed') - columns.responseEnd : 0,
                decodeMs: mark('points-decoded') - mark('points-parsed'),
                plotMs: mark('plot-created') - mark('points-decoded'),
                drawMs: mark('first-draw') - mark('plot-created'),
              };
            }
            """);

        var animated = await TriagePageFixture.HookAsync<Measured>(page, """
            async () => {
              const plot = window.labelBridge.scatterplot;
              let draws = 0;
              let frames = 0;
              plot.subscribe('draw', () => { draws++; });
              const start = performance.now();
              await new Promise((done) => {
                const step = (now) => {
                  const t = now - start;
                  if (t > 6000) { done(); return; }
                  frames++;
                  plot.zoomToLocation([0.4 * Math.sin(t / 700), 0.3 * Math.cos(t / 900)], 0.55 + 0.4 * Math.sin(t / 500));
                  requestAnimationFrame(step);
                };
                requestAnimationFrame(step);
              });
              return { draws, frames, seconds: (performance.now() - start) / 1000 };
            }
            """);
        var driven = await MouseDrivenAsync(page);
        var line = string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:F1} s | {2:F1} | {3:F1} | {4:F1} |",
            points, ready.TotalSeconds, animated.Draws / animated.Seconds, driven.Draws / driven.Seconds, animated.Frames / animated.Seconds);
        TestContext.Current.SendDiagnosticMessage(line);
        Directory.CreateDirectory(TriagePageFixture.ArtifactsDirectory);
        await File.AppendAllTextAsync(Path.Combine(TriagePageFixture.ArtifactsDirectory, "triage-fps.md"), line + Environment.NewLine, cancel);
        var stageLine = string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:F1} s | {2:F1} s | {3:F1} s | {4:F1} s | {5:F1} MB | {6:F1} s | {7:F1} s | {8:F1} s | {9:F1} s |",
            points, ready.TotalSeconds, stages.SummaryMs / 1000, stages.PointsWaitMs / 1000, stages.PointsTransferMs / 1000, stages.PointsBytes / 1e6,
            stages.ParseMs / 1000, stages.DecodeMs / 1000, stages.PlotMs / 1000, stages.DrawMs / 1000);
        TestContext.Current.SendDiagnosticMessage(stageLine);
        await File.AppendAllTextAsync(Path.Combine(TriagePageFixture.ArtifactsDirectory, "triage-draw.md"), stageLine + Environment.NewLine, cancel);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TriagePageFixture.ArtifactsDirectory, $"triage-{points}.png") });
        Assert.True(animated.Draws > 0 && driven.Draws > 0);
    }

    /// <summary>Real wheel and drag events sent by Playwright (each a round trip), counting the plot's redraws.</summary>
    private static async Task<Measured> MouseDrivenAsync(IPage page)
    {
        await page.EvaluateAsync("""
            () => {
              window.labelBridgeBench = { draws: 0 };
              window.labelBridge.scatterplot.subscribe('draw', () => { window.labelBridgeBench.draws++; });
            }
            """);
        var plot = (await page.Locator(".plot-area").BoundingBoxAsync())!;
        var (cx, cy) = (plot.X + (plot.Width / 2), plot.Y + (plot.Height / 2));
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 2; round++)
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

        var draws = await page.EvaluateAsync<int>("() => window.labelBridgeBench.draws");
        return new Measured(draws, clock.Elapsed.TotalSeconds);
    }

    private sealed record Measured(int Draws, double Seconds, int Frames = 0);

    /// <summary>Where the first draw's time went, from the page's resource timings and performance marks (milliseconds).</summary>
    private sealed record Stages(double SummaryMs, double PointsWaitMs, double PointsTransferMs, double PointsBytes, double ParseMs, double DecodeMs, double PlotMs, double DrawMs);
}
