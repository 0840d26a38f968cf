using LabelBridge.Core.Storage;
using LabelBridge.Emulators.Faults;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

/// <summary>The mixed fault run, end to end: a fifth of all requests answer 500, bursts of 429 with Retry-After,
/// 5 s stalls against a 2 s request timeout, and dropped connections — the sweep still ends exactly as a clean run does.</summary>
public sealed class MixedFaultTests
{
    [Fact]
    public async Task Cvat_sweep_through_server_errors_throttling_stalls_and_dropped_connections_matches_a_clean_run()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Options.Platforms[0].RequestTimeout = TimeSpan.FromSeconds(2);
        var faults = harness.Cvat.Faults;
        faults.FailNext(2, 429, "/api/labels", retryAfter: TimeSpan.FromSeconds(1));
        faults.FailNext(2, 429, "/api/issues", retryAfter: TimeSpan.FromSeconds(1));
        faults.DelayNext(1, TimeSpan.FromSeconds(5), "/api/tasks");
        faults.DelayNext(1, TimeSpan.FromSeconds(5), "/annotations");
        faults.DropNext(1, "/data/meta");
        FailOneInFive(faults, "/api/");

        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Empty(outcome.Report!.Problems);
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: true), PlatformState.Of(harness, outcome.Report, cvat: true));
        Assert.True(harness.Cvat.Requests.Count > await CleanRuns.RequestsAsync(cvat: true) * 1.2, "the faults made LabelBridge retry");
    }

    [Fact]
    public async Task Label_studio_sweep_through_server_errors_throttling_stalls_and_dropped_connections_matches_a_clean_run()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        harness.Options.Platforms[0].RequestTimeout = TimeSpan.FromSeconds(2);
        var faults = harness.LabelStudio.Faults;
        faults.FailNext(2, 429, "/api/tasks/", retryAfter: TimeSpan.FromSeconds(1));
        faults.FailNext(2, 429, "/api/predictions/", retryAfter: TimeSpan.FromSeconds(1));
        faults.DelayNext(1, TimeSpan.FromSeconds(5), "/api/projects/");
        faults.DelayNext(1, TimeSpan.FromSeconds(5), "/data/upload/");
        faults.DropNext(1, "/data/upload/");
        FailOneInFive(faults, "/data/upload/");
        FailOneInFive(faults, "/api/");

        var outcome = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Empty(outcome.Report!.Problems);
        PlatformState.AssertSame(await CleanRuns.ForAsync(cvat: false), PlatformState.Of(harness, outcome.Report, cvat: false));
        Assert.True(harness.LabelStudio.Requests.Count > await CleanRuns.RequestsAsync(cvat: false) * 1.2, "the faults made LabelBridge retry");
    }

    /// <summary>Every fifth matching request answers 500 (the first of each five), for far more requests than a sweep makes.
    /// A zero-length delay is the fault model's way to let a request through while still counting it.</summary>
    private static void FailOneInFive(EmulatorFaults faults, string path)
    {
        for (var i = 0; i < 400; i++)
        {
            faults.FailNext(1, 500, path);
            faults.DelayNext(4, TimeSpan.Zero, path);
        }
    }
}
