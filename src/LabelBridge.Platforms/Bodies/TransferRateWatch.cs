namespace LabelBridge.Platforms.Bodies;

/// <summary>Cancels the read when a window of the transfer brought less than the minimum rate.</summary>
internal sealed class TransferRateWatch : IDisposable
{
    private readonly long needed;
    private readonly CancellationTokenSource cancel;
    private readonly ITimer? timer;
    private long inWindow;
    private int tooSlow;

    public TransferRateWatch(BodyReadLimits limits, TimeProvider timeProvider, CancellationTokenSource cancel)
    {
        this.cancel = cancel;
        if (limits.MinimumBytesPerSecond <= 0 || limits.RateWindow <= TimeSpan.Zero || limits.RateWindow == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        needed = (long)Math.Ceiling(limits.MinimumBytesPerSecond * limits.RateWindow.TotalSeconds);
        timer = timeProvider.CreateTimer(_ => Check(), null, limits.RateWindow, limits.RateWindow);
    }

    public bool TooSlow => Volatile.Read(ref tooSlow) == 1;

    public void Add(int bytes) => Interlocked.Add(ref inWindow, bytes);

    public void Dispose() => timer?.Dispose();

    private void Check()
    {
        if (Interlocked.Exchange(ref inWindow, 0) >= needed)
        {
            return;
        }

        Volatile.Write(ref tooSlow, 1);
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The read finished while the timer fired.
        }
    }
}
