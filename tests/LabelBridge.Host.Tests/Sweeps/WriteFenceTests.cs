using LabelBridge.Core.Storage;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>Issue #19 (leftovers, item 3): two runs of one sweep over the CVAT emulator, as on two workers when the first
/// was taken for dead while writing back. The one that lost the sweep sends no write after the other's claim; only a
/// request already on the wire can still land.</summary>
public sealed class WriteFenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_that_lost_its_sweep_during_write_back_sends_no_further_issue()
    {
        // One request at a time, so the first run's issues go out one after another.
        await using var harness = await SweepHarness.StartCvatAsync(platform: p => p.MaxConcurrentRequests = 1);
        // The first run's first new issue stalls on the server while the second run takes the sweep over and writes.
        harness.Cvat.Faults.DelayNext(1, TimeSpan.FromSeconds(3), "/api/issues", "POST");

        var first = harness.SweepAsync();
        while (IssuePosts(harness).Count == 0)
        {
            Assert.False(first.IsCompleted, "the first run ended before it wrote an issue");
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }

        var second = await harness.SweepAsync();
        var abandoned = await first.WaitAsync(Ct);

        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.True(second.Resumed);
        Assert.Null(abandoned.Report);
        Assert.Contains("another worker", abandoned.Error, StringComparison.Ordinal);
        var findings = second.Report!.Findings.Count;
        Assert.True(findings >= 3, $"{findings} findings: too few to tell a fenced write-back from an unfenced one");
        // Every finding's issue once, from either run, and at most the first run's one stalled request twice (when it lands
        // after the second run listed the issues): nothing of the first run's after the other's claim. Unfenced, the first
        // run went on to send every issue it had planned.
        Assert.InRange(IssuePosts(harness).Count, findings, findings + 1);
    }

    private static List<Emulators.Cvat.RecordedRequest> IssuePosts(SweepHarness harness) =>
        [.. harness.Cvat.ApiRequests().Where(r => r is { Method: "POST", Path: "/api/issues" })];
}
