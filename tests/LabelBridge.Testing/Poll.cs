namespace LabelBridge.Testing;

/// <summary>Waits for a positive signal with a deadline, instead of sleeping a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static async Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!done())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < (timeout ?? DefaultTimeout), $"gave up waiting until {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Reads until <paramref name="done"/> holds for the value read, and returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < (timeout ?? DefaultTimeout), $"gave up waiting until {what}: {value}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
