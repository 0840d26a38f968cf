using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Connection;

public sealed class CircuitBreakerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_down_server_opens_the_breaker_and_later_reads_fail_without_calling_it()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(10_000, 503, "/api/");

        for (var read = 0; read < 3; read++)
        {
            var failed = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector().ReadProjectAsync(scene.ProjectId, Token));
            Assert.Contains("kept answering 503", failed.Message, StringComparison.Ordinal);
        }

        var requestsWhenOpened = harness.Emulator.Requests.Count;
        var refused = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector().ReadProjectAsync(scene.ProjectId, Token));

        Assert.Equal(12, requestsWhenOpened);
        Assert.Equal(requestsWhenOpened, harness.Emulator.Requests.Count);
        Assert.Contains("stopped calling it", refused.Message, StringComparison.Ordinal);
        Assert.Contains("CircuitBreakDuration", refused.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Message.Contains("circuit open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_break_a_recovered_server_is_read_again()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(12, 503, "/api/");
        for (var read = 0; read < 3; read++)
        {
            await Assert.ThrowsAsync<PlatformUnavailableException>(() =>
                harness.Connector(p => p.CircuitBreakDuration = TimeSpan.FromMilliseconds(500)).ReadProjectAsync(scene.ProjectId, Token));
        }

        var snapshot = await Poll.UntilReadAsync(() =>
            harness.Connector(p => p.CircuitBreakDuration = TimeSpan.FromMilliseconds(500)).ReadProjectAsync(scene.ProjectId, Token));

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public async Task A_few_scattered_server_errors_never_open_the_breaker()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        for (var read = 0; read < 4; read++)
        {
            harness.Emulator.Faults.FailNext(2, 500, "/annotations/");
            var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);
            Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        }

        Assert.DoesNotContain(harness.Logs.GetSnapshot(), l => l.Message.Contains("circuit open", StringComparison.Ordinal));
    }

    /// <summary>Retries a read that fails as unavailable until it succeeds or ten seconds pass.</summary>
    private static class Poll
    {
        public static async Task<T> UntilReadAsync<T>(Func<Task<T>> read)
        {
            var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * 10);
            while (true)
            {
                try
                {
                    return await read();
                }
                catch (PlatformUnavailableException) when (TimeProvider.System.GetTimestamp() < deadline)
                {
                    await Task.Delay(50, Token);
                }
            }
        }
    }
}
