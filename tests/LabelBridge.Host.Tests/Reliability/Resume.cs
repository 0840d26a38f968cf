using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Host.Tests.Sweeps;

namespace LabelBridge.Host.Tests.Reliability;

internal static class Resume
{
    /// <summary>Runs the sweep again until the breaker lets a probe through and the sweep finishes (a minute at most).</summary>
    public static async Task<SweepOutcome> UntilFinishedAsync(SweepHarness harness)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (60 * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var outcome = await harness.SweepAsync();
            if (outcome.Status != SweepStatus.Paused || TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Equal(SweepStatus.Succeeded, outcome.Status);
                return outcome;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
