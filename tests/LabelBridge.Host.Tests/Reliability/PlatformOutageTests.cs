using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>A platform that goes down in the middle of a sweep: the circuit breaker pauses the sweep after a bounded
/// number of requests, and once the platform is back the same sweep resumes and ends exactly as a clean run does.</summary>
public sealed class PlatformOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cvat_going_down_while_frames_are_fetched_pauses_the_sweep_and_the_resumed_sweep_matches_a_clean_run()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Options.Platforms[0].CircuitBreakDuration = TimeSpan.FromMilliseconds(500);
        var requestsBeforeOutage = 0;

        var paused = await SweepAsync(harness, () =>
        {
            requestsBeforeOutage = harness.Cvat.Requests.Count;
            harness.Cvat.Faults.FailNext(100_000, 503, "/api/");
        });
        var requestsDuringOutage = harness.Cvat.Requests.Count - requestsBeforeOutage;
        await AssertRecordedAsPausedAsync(harness, paused);
        harness.Cvat.Faults.Clear();
        var resumed = await Resume.UntilFinishedAsync(harness);

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Contains("503", paused.Error, StringComparison.Ordinal);
        Assert.InRange(requestsDuringOutage, 1, 16);
        Assert.Equal(paused.SweepId, resumed.SweepId);
        Assert.True(resumed.Resumed);
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: true), PlatformState.Of(harness, resumed.Report!, cvat: true));
    }

    [Fact]
    public async Task Label_studio_images_going_down_pauses_the_sweep_instead_of_skipping_every_image_and_the_resumed_sweep_matches_a_clean_run()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        harness.Options.Platforms[0].CircuitBreakDuration = TimeSpan.FromMilliseconds(500);

        var paused = await SweepAsync(harness, () => harness.LabelStudio.Faults.FailNext(100_000, 503, "/data/upload/"));
        var imageRequestsDuringOutage = harness.LabelStudio.Requests.Count(r => r.Path.StartsWith("/data/upload/", StringComparison.Ordinal));
        await AssertRecordedAsPausedAsync(harness, paused);
        harness.LabelStudio.Faults.Clear();
        var resumed = await Resume.UntilFinishedAsync(harness);

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Contains("CircuitBreakDuration", paused.Error, StringComparison.Ordinal);
        Assert.InRange(imageRequestsDuringOutage, 1, 16);
        Assert.Equal(paused.SweepId, resumed.SweepId);
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: false), PlatformState.Of(harness, resumed.Report!, cvat: false));
    }

    [Fact]
    public async Task Once_the_breaker_is_open_further_sweeps_pause_without_calling_the_platform()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Options.Platforms[0].CircuitBreakDuration = TimeSpan.FromMinutes(5);
        var outcomes = new List<SweepOutcome> { await SweepAsync(harness, () => harness.Cvat.Faults.FailNext(100_000, 503, "/api/")) };
        while (outcomes.Count < 5 && !outcomes[^1].Error!.Contains("stopped calling it", StringComparison.Ordinal))
        {
            outcomes.Add(await harness.SweepAsync());
        }

        var requestsWhenOpen = harness.Cvat.Requests.Count;
        var next = await harness.SweepAsync();

        Assert.All(outcomes, o => Assert.Equal(SweepStatus.Paused, o.Status));
        Assert.Contains("stopped calling it", outcomes[^1].Error, StringComparison.Ordinal);
        Assert.Equal(SweepStatus.Paused, next.Status);
        Assert.Contains("CircuitBreakDuration", next.Error, StringComparison.Ordinal);
        Assert.Equal(requestsWhenOpen, harness.Cvat.Requests.Count);
        Assert.Single(outcomes.Select(o => o.SweepId).Append(next.SweepId).Distinct());
    }

    /// <summary>A sweep in which the platform fails from the embedding stage on (after the snapshot was read).</summary>
    private static Task<SweepOutcome> SweepAsync(SweepHarness harness, Action outage) =>
        harness.Get<ProjectSweeps>().RunAsync(SweepHarness.ProjectName, "schedule", null, new StageHook(SweepStage.Embeddings, outage), Ct);

    private static async Task AssertRecordedAsPausedAsync(SweepHarness harness, SweepOutcome paused)
    {
        var recorded = (await harness.Get<ILabelBridgeStore>().ListSweepsAsync(SweepHarness.ProjectName, 10, Ct)).Single(s => s.Id == paused.SweepId);
        Assert.Equal(SweepStatus.Paused, recorded.Status);
        Assert.Equal(SweepStage.Snapshot, recorded.Stage);
        Assert.Contains(paused.Error!, recorded.Error ?? "", StringComparison.Ordinal);
    }
}
