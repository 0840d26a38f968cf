using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Transport;

/// <summary>Issue #18 item 1: Label Studio's Django reads a body by Content-Length only, so every body must carry one.</summary>
public sealed class RequestBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Personal_access_token_refresh_reaches_a_server_that_reads_bodies_by_Content_Length_only()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Bearer);
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Single(snapshot.Items);
        var refresh = Assert.Single(harness.Emulator.ApiRequests(), r => r.Path == "/api/token/refresh/");
        Assert.Contains("\"refresh\"", refresh.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_with_a_body_arrives_whole_at_a_server_that_reads_by_Content_Length_only()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Token);
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png");
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("r1", 10, 10, 30, 30, "Cat", 200, 100)));
        var connector = harness.Connector;
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        var key = $"ls:task/{task}/region/r1";
        var finding = new Finding(FindingKeys.For(FindingKind.Mislabel, key), FindingKind.Mislabel, 0.9, key, "Cat", "Dog", [], "labelled Cat; its neighbours say Dog");

        await connector.WriteBackAsync(new WriteBackRequest(snapshot, [finding], WriteBackMode.Markers), Ct);

        var writes = harness.Emulator.ApiRequests().Where(r => r.Method is "POST" or "PATCH").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.False(string.IsNullOrEmpty(w.Body), $"{w.Method} {w.Path} arrived without a body"));
    }
}
