namespace LabelBridge.Core.Sweeps;

/// <summary>Watches, while one stage of a sweep runs, whether the run still owns its sweep, and cancels the stage's token
/// when another run has claimed it since.</summary>
/// <remarks>A stage boundary is checked anyway (<see cref="SweepRunner"/>); this covers the time inside a long stage (a 1M
/// analysis takes minutes), so a worker taken for dead stops its analysis, embedding or write-back within one interval
/// of losing the sweep instead of computing to the end for nothing. One store read per interval. A read that fails (the
/// store briefly unreachable) is skipped: the stage goes on, and its end checks the owner again.</remarks>
internal sealed class OwnerWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource stage;
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;
    private readonly Func<CancellationToken, Task<bool>> owns;
    private volatile bool lost;

    /// <param name="owns">Whether the run still owns the sweep (one store read).</param>
    /// <param name="interval">Time between two reads.</param>
    /// <param name="time">The clock the interval is waited on.</param>
    /// <param name="readFailed">Told each time a read fails (the watch goes on), so an unreadable store is seen in the log.</param>
    /// <param name="cancellationToken">The run's token; the stage's token is cancelled with it too.</param>
    public OwnerWatch(
        Func<CancellationToken, Task<bool>> owns, TimeSpan interval, TimeProvider time, Action<Exception> readFailed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        stage = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        this.owns = owns;
        watching = WatchAsync(owns, interval, time, readFailed);
    }

    /// <summary>The stage's token: cancelled with the run's, or when the sweep was found to be lost.</summary>
    public CancellationToken Token => stage.Token;

    /// <summary>Whether the watch found the sweep claimed by another run (and cancelled <see cref="Token"/>).</summary>
    public bool Lost => lost;

    /// <summary>Reads the owner now (a write is about to be sent): completes while the run owns the sweep; otherwise marks
    /// the sweep lost, cancels <see cref="Token"/> and throws <see cref="OperationCanceledException"/>. A read that fails
    /// throws too: a write is not sent on an unknown owner.</summary>
    public async Task CheckNowAsync(CancellationToken cancellationToken)
    {
        if (!lost && await owns(cancellationToken))
        {
            return;
        }

        lost = true;
        await stage.CancelAsync();
        throw new OperationCanceledException("Another run has taken this sweep over.", stage.Token);
    }

    private async Task WatchAsync(Func<CancellationToken, Task<bool>> owns, TimeSpan interval, TimeProvider time, Action<Exception> readFailed)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop.Token);
                if (!await owns(stop.Token))
                {
                    lost = true;
                    await stage.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The store could not be read this time: the stage goes on, and its end checks the owner again.
                readFailed(exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
        stage.Dispose();
    }
}
