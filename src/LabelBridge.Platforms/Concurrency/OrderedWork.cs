using System.Runtime.ExceptionServices;

namespace LabelBridge.Platforms.Concurrency;

/// <summary>Runs one platform call sequence per item, at most <c>slots</c> at a time, and hands the results back in the
/// items' order, so what a connector reports (markers, problems) does not depend on which answer came first.</summary>
/// <remarks>Used by write-back, whose requests (one issue, one task's prediction) are independent of each other. The
/// platform's concurrency gate still caps the server across connectors and sweeps; <c>slots</c> (the platform's
/// MaxConcurrentRequests) only keeps this loop from queueing hundreds of calls on the gate at once. The first failure
/// stops the items not yet started and is rethrown as itself (a <see cref="Core.Platforms.PlatformUnavailableException"/>
/// still pauses the sweep), not as the cancellations it caused in the items still running.</remarks>
internal static class OrderedWork
{
    public static async Task<TResult[]> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, int slots, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        var results = new TResult[items.Count];
        if (items.Count == 0)
        {
            return results;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, slots), CancellationToken = cancellationToken };
        var run = Parallel.ForEachAsync(Enumerable.Range(0, items.Count), parallel, async (index, token) =>
            results[index] = await work(items[index], token));
        try
        {
            await run;
        }
        catch (Exception) when (run.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } first)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        return results;
    }
}
