using System.Diagnostics;

namespace LabelBridge.Host.Tests.Sweeps;

internal static class Poll
{
    public static async Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(120)), $"gave up waiting until {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
