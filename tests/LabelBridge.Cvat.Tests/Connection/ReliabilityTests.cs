using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Connection;

public sealed class ReliabilityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_errors_are_retried_and_the_read_completes()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(2, 500, "/annotations/");
        harness.Emulator.Faults.FailNext(1, 502, "/api/tasks");

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public async Task Too_many_requests_waits_for_Retry_After_and_then_succeeds()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(1, 429, "/api/labels", retryAfter: TimeSpan.FromSeconds(1));

        var snapshot = await harness.Connector().ReadProjectAsync(scene.ProjectId, Token);

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
        Assert.Contains(harness.Logs.GetSnapshot(), l => l.Message.Contains("retry 1 in 00:00:01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_connections_and_slow_answers_are_retried()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.DropNext(1, "/data/meta");
        harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(5), "/api/projects/");

        var snapshot = await harness.Connector(p => p.RequestTimeout = TimeSpan.FromMilliseconds(500)).ReadProjectAsync(scene.ProjectId, Token);

        Assert.Equal(scene.Expected.Count, snapshot.Annotations.Count);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_an_outage_not_an_empty_project()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.FailNext(10, 503, "/api/projects/");

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector().ReadProjectAsync(scene.ProjectId, Token));

        Assert.Contains("kept answering 503", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, harness.Emulator.Requests.Count(r => r.Path.StartsWith("/api/projects/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancelling_a_read_stops_it_as_a_cancellation_not_an_outage()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(30), "/api/labels");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Connector().ReadProjectAsync(scene.ProjectId, cancellation.Token));
    }
}
