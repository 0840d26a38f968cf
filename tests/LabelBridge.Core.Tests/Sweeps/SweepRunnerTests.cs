using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;

namespace LabelBridge.Core.Tests.Sweeps;

/// <summary>The sweep use case below end to end: an in-memory platform, listed embeddings and findings, a real SQLite store.</summary>
public sealed class SweepRunnerTests
{
    /// <summary>Issue #19: in a cluster, a worker too starved to check in is taken for dead, and another worker resumes its
    /// sweep (Quartz recovery) while the first is still analysing; Quartz does not stop the first. It must not then write
    /// the stages again behind the worker that took over (a second write-back, a second finish).</summary>
    [Fact]
    public async Task A_worker_whose_sweep_was_taken_over_during_the_analysis_abandons_it_without_writing()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var analysing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var takenOver = new ManualResetEventSlim();
        bench.Analyzer.During = _ =>
        {
            analysing.SetResult();
            takenOver.Wait(TestContext.Current.CancellationToken);
        };

        var first = Task.Run(bench.SweepAsync, TestContext.Current.CancellationToken);
        await analysing.Task.WaitAsync(TestContext.Current.CancellationToken);
        var second = await bench.SweepAsync();
        takenOver.Set();
        var abandoned = await first.WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(second.Resumed);
        await AssertTakenOverOnce(bench, second, abandoned);
    }

    /// <summary>Issue #19: the analysis under way when another worker takes the sweep over stops once its run finds the
    /// sweep taken (one owner check), instead of computing to its end on both workers.</summary>
    [Fact]
    public async Task A_worker_that_loses_its_sweep_during_the_analysis_stops_the_analysis_and_writes_nothing()
    {
        await using var bench = await SweepBench.StartAsync(ownerCheckInterval: TimeSpan.FromMilliseconds(20));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var analysing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = false;
        bench.Analyzer.During = token =>
        {
            analysing.SetResult();
            // An analysis that would compute for a minute: it stops when its token is cancelled.
            stopped = token.WaitHandle.WaitOne(TimeSpan.FromMinutes(1));
            token.ThrowIfCancellationRequested();
        };

        var first = Task.Run(bench.SweepAsync, TestContext.Current.CancellationToken);
        await analysing.Task.WaitAsync(TestContext.Current.CancellationToken);
        var second = await bench.SweepAsync();
        var abandoned = await first.WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(stopped);
        await AssertTakenOverOnce(bench, second, abandoned);
    }

    /// <summary>Issue #19 (leftovers, item 2): reading a large project takes minutes too; a run that loses its sweep while
    /// it reads the platform stops reading (one owner check) and writes nothing.</summary>
    [Fact]
    public async Task A_worker_that_loses_its_sweep_while_reading_the_snapshot_stops_reading_and_writes_nothing()
    {
        await using var bench = await SweepBench.StartAsync(ownerCheckInterval: TimeSpan.FromMilliseconds(20));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var read = new MinuteStall();
        bench.Connector.DuringNextRead = read.RunAsync;

        var first = Task.Run(bench.SweepAsync, TestContext.Current.CancellationToken);
        await read.Started.WaitAsync(TestContext.Current.CancellationToken);
        var second = await bench.SweepAsync();
        var abandoned = await first.WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(read.Stopped);
        await AssertTakenOverOnce(bench, second, abandoned);
    }

    /// <summary>Watching the owner during a stage changes nothing for a run that keeps its sweep.</summary>
    [Fact]
    public async Task A_run_that_keeps_its_sweep_is_not_stopped_by_its_owner_checks()
    {
        await using var bench = await SweepBench.StartAsync(ownerCheckInterval: TimeSpan.FromMilliseconds(1));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var steps = 0;
        bench.Analyzer.During = token =>
        {
            // 20 steps of 5 ms while the run reads its owner every millisecond: the token must stay uncancelled throughout.
            while (steps < 20 && !token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(5)))
            {
                steps++;
            }
        };

        var outcome = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Equal(20, steps);
        Assert.Single(bench.Connector.WriteBacks);
    }

    [Fact]
    public async Task A_platform_that_cannot_be_read_pauses_the_sweep_and_the_next_run_completes_the_same_sweep()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        bench.Connector.ReadsUnavailable = true;

        var paused = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Null(paused.Report);
        Assert.Contains("connection refused", paused.Error, StringComparison.Ordinal);
        Assert.Empty(bench.Connector.WriteBacks);

        bench.Connector.ReadsUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.True(resumed.Resumed);
        Assert.Equal(paused.SweepId, resumed.SweepId);
        Assert.Equal(1, resumed.Report!.Counts.MarkersWritten);
    }

    [Fact]
    public async Task An_outage_during_write_back_pauses_and_the_resumed_run_writes_without_reading_or_analysing_again()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(3, 0.8));
        bench.Connector.WritesUnavailable = true;

        var paused = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Contains("503", paused.Error, StringComparison.Ordinal);

        bench.Connector.WritesUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.Equal(2, resumed.Report!.Counts.MarkersWritten);
        Assert.Equal(1, bench.Connector.Reads);
        Assert.Equal(1, bench.Embedder.Calls);
        Assert.Equal(1, bench.Analyzer.Calls);
        Assert.All(resumed.Report.Stages.Where(s => s.Stage is "Snapshot" or "Embeddings" or "Analysis" or "Findings"), s => Assert.True(s.Resumed, s.Stage));
        Assert.False(resumed.Report.Stages.Single(s => s.Stage == "WriteBack").Resumed);
    }

    [Fact]
    public async Task A_marker_the_platform_refuses_is_a_problem_of_that_finding_and_the_others_are_written()
    {
        await using var bench = await SweepBench.StartAsync();
        var refused = bench.Connector.Mislabel(1, 0.8);
        bench.Analyzer.Findings.AddRange([bench.Connector.Mislabel(0, 0.9), refused, bench.Connector.Mislabel(2, 0.7)]);
        bench.Connector.RefusedAnnotations.Add(refused.AnnotationKey);

        var outcome = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.Report!.Counts.MarkersWritten);
        Assert.Equal(1, outcome.Report.Counts.WriteBackErrors);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal(refused.Key, problem.Subject);
        Assert.Contains("refused", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(3, outcome.Report.Findings.Count);
    }

    [Fact]
    public async Task A_finding_dismissed_in_the_platform_is_not_written_again_until_its_annotation_changes()
    {
        await using var bench = await SweepBench.StartAsync();
        var dismissed = bench.Connector.Mislabel(0, 0.9);
        var kept = bench.Connector.Mislabel(1, 0.8);
        bench.Analyzer.Findings.AddRange([dismissed, kept]);
        Assert.Equal(SweepStatus.Succeeded, (await bench.SweepAsync()).Status);
        bench.Connector.DismissedInPlatform.Add(dismissed.Key);

        var second = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.Equal(1, second.Report!.Counts.SuppressedAsDismissed);
        Assert.Equal([kept.Key], bench.Connector.WriteBacks[^1].Findings.Select(f => f.Key));
        var decision = Assert.Single(await bench.Store.GetDecisionsAsync("pets", TestContext.Current.CancellationToken));
        Assert.Equal(DecisionVerdict.Dismissed, decision.Verdict);

        var edited = bench.Connector.Snapshot.Annotations.Select(a => a.Key == dismissed.AnnotationKey ? a with { Version = "v2" } : a).ToList();
        bench.Connector.Snapshot = bench.Connector.Snapshot with { Annotations = edited };
        var third = await bench.SweepAsync();

        Assert.Equal(0, third.Report!.Counts.SuppressedAsDismissed);
        Assert.Contains(dismissed.Key, bench.Connector.WriteBacks[^1].Findings.Select(f => f.Key));
    }

    [Fact]
    public async Task The_cap_keeps_the_highest_scored_findings_and_counts_the_rest()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Project.MaxFindingsPerSweep = 2;
        for (var i = 0; i < 5; i++)
        {
            bench.Analyzer.Findings.Add(bench.Connector.Mislabel(i, 0.5 + (0.1 * i)));
        }

        var outcome = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Equal(3, outcome.Report!.Counts.BeyondCap);
        Assert.Equal(
            [bench.Connector.Mislabel(4, 0).Key, bench.Connector.Mislabel(3, 0).Key],
            bench.Connector.WriteBacks.Single().Findings.Select(f => f.Key));
    }

    [Fact]
    public async Task A_dry_run_reports_its_findings_and_writes_nothing()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(2, 0.9));
        bench.Project.WriteBack = WriteBackMode.DryRun;

        var outcome = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, outcome.Status);
        Assert.Single(outcome.Report!.Findings);
        Assert.Empty(bench.Connector.WriteBacks);
        Assert.Empty(await bench.Store.GetMarkersAsync("pets", TestContext.Current.CancellationToken));
    }

    /// <summary>The run that took the sweep over finished it and wrote back once; the abandoned one says why and wrote nothing.</summary>
    private static async Task AssertTakenOverOnce(SweepBench bench, SweepOutcome second, SweepOutcome abandoned)
    {
        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.Equal(second.SweepId, abandoned.SweepId);
        Assert.Null(abandoned.Report);
        Assert.Contains("another worker", abandoned.Error, StringComparison.Ordinal);
        Assert.Single(bench.Connector.WriteBacks);
        Assert.Equal(SweepStatus.Succeeded, (await bench.Store.GetSweepAsync(second.SweepId, TestContext.Current.CancellationToken))!.Status);
    }
}
