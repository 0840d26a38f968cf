using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.Cvat.Tests.Connection;

public sealed class CircuitBreakerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_down_server_opens_the_breaker_and_later_reads_fail_without_calling_it()
    {
        // On a fake clock every attempt falls in one sampling window, however slow the machine.
        await using var harness = await CvatHarness.StartAsync(clock: new FakeTimeProvider());
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
    public async Task The_open_breaker_refuses_until_its_break_has_passed_on_the_clock_and_then_a_recovered_server_is_read()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await using var harness = await CvatHarness.StartAsync(clock: clock);
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var breakDuration = TimeSpan.FromMinutes(5);
        IPlatformConnector Connector() => harness.Connector(p => p.CircuitBreakDuration = breakDuration);
        harness.Emulator.Faults.FailNext(12, 503, "/api/");
        for (var read = 0; read < 3; read++)
        {
            await Assert.ThrowsAsync<PlatformUnavailableException>(() => Connector().ReadProjectAsync(scene.ProjectId, Token));
        }

        var requestsWhenOpened = harness.Emulator.Requests.Count;
        clock.Advance(breakDuration - TimeSpan.FromSeconds(1));
        var stillOpen = await Assert.ThrowsAsync<PlatformUnavailableException>(() => Connector().ReadProjectAsync(scene.ProjectId, Token));

        Assert.Contains("stopped calling it", stillOpen.Message, StringComparison.Ordinal);
        Assert.Equal(requestsWhenOpened, harness.Emulator.Requests.Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        var snapshot = await Connector().ReadProjectAsync(scene.ProjectId, Token);

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
}
