using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.Transport;

/// <summary>Issue #18 item 1: CVAT is Django too; behind a proxy that does not buffer, a chunked body arrives empty.</summary>
public sealed class RequestBodyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_write_arrives_whole_at_a_server_that_reads_bodies_by_Content_Length_only()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);

        var result = await connector.WriteBackAsync(new WriteBackRequest(snapshot, WriteBack.WriteBackTests.Findings.For(snapshot, 2), WriteBackMode.Markers), Token);

        Assert.Equal(2, result.Written);
        var writes = harness.Emulator.ApiRequests().Where(r => r.Method is "POST" or "PATCH").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.False(string.IsNullOrEmpty(w.Body), $"{w.Method} {w.Path} arrived without a body"));
    }
}
