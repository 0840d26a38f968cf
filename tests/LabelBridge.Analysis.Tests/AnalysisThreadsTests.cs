using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Tests;

/// <summary>Issue #19 (leftovers, item 1): the analysis' parallel loops run on threads of their own, so the thread pool a
/// worker's web API, Quartz check-in and owner watch continue on has nothing of the analysis queued.</summary>
/// <remarks>Alone in its collection: it counts the process' thread-pool work items, which tests running alongside would add to.</remarks>
[Collection(nameof(AnalysisThreadsTests))]
[CollectionDefinition(nameof(AnalysisThreadsTests), DisableParallelization = true)]
public sealed class AnalysisThreadsTests
{
    [Fact]
    public void An_analysis_and_its_plot_queue_no_work_on_the_thread_pool()
    {
        var input = new Clusters(16).Add("cat", 0, 300).Add("dog", 1, 300).Add("bird", 2, 300).Input();
        var before = ThreadPool.CompletedWorkItemCount + ThreadPool.PendingWorkItemCount;

        var result = LabelAnalysis.Analyze(input, Clusters.Thresholds, int.MaxValue, null, TestContext.Current.CancellationToken);
        var plot = LabelAnalysis.Project(input, new ProjectionOptions(), result.Neighbours, null, result.Rows, TestContext.Current.CancellationToken);

        var poolItems = ThreadPool.CompletedWorkItemCount + ThreadPool.PendingWorkItemCount - before;
        Assert.Equal(900, plot.AnnotationKeys.Count);
        // Hundreds when the loops ran on the pool (one or more per loop, and the plot alone is 200+ epoch loops); what is
        // left is the test host's own occasional work.
        Assert.InRange(poolItems, 0, 20);
    }

    /// <summary>A loop inside a loop, more outer iterations than threads: a thread waiting for an inner loop's queued work
    /// runs it itself, so all threads busy waiting cannot deadlock.</summary>
    [Fact]
    public void Nested_loops_on_the_analysis_threads_complete()
    {
        var sums = new long[64];

        Parallel.For(0, sums.Length, AnalysisThreads.Options(TestContext.Current.CancellationToken), outer =>
            Parallel.For(0, 1000, AnalysisThreads.Options(TestContext.Current.CancellationToken), inner => Interlocked.Add(ref sums[outer], inner)));

        Assert.All(sums, sum => Assert.Equal(999 * 1000 / 2, sum));
    }

    [Fact]
    public void Loop_work_runs_on_the_analysis_threads_or_the_calling_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var elsewhere = 0;

        Parallel.For(0, 200, AnalysisThreads.Options(TestContext.Current.CancellationToken), _ =>
        {
            // Long enough per iteration that the loop's other tasks start before the caller has done them all.
            Thread.SpinWait(50_000);
            if (Environment.CurrentManagedThreadId != caller && !AnalysisThreads.IsAnalysisThread)
            {
                Interlocked.Increment(ref elsewhere);
            }
        });

        Assert.Equal(0, elsewhere);
    }
}
