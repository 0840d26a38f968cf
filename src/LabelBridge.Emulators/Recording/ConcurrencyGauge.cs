namespace LabelBridge.Emulators.Recording;

/// <summary>How many requests an emulator is answering at once, and the most it has answered at once since the last
/// reset: what tests and benches read to check a client keeps to its <c>MaxConcurrentRequests</c>.</summary>
internal sealed class ConcurrencyGauge
{
    private int inFlight;
    private int highest;

    public int Highest => Volatile.Read(ref highest);

    /// <summary>Counts from the requests in flight now, e.g. after the reads before a write-back.</summary>
    public void Reset() => Interlocked.Exchange(ref highest, Volatile.Read(ref inFlight));

    /// <summary>Runs <paramref name="request"/> counted as in flight.</summary>
    public async Task RunAsync(Func<Task> request)
    {
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref highest); now > seen; seen = Volatile.Read(ref highest))
        {
            Interlocked.CompareExchange(ref highest, now, seen);
        }

        try
        {
            await request();
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
