using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.LabelStudio.Tests.Auth;

/// <summary>Credentials and the renewal after a 401 live in one auth handler under the API client (issue 16 item 2).</summary>
public sealed class AuthHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_refused_with_401_is_repeated_once_after_the_renewal_with_the_same_body()
    {
        var serverClock = new FakeTimeProvider(Start);
        await using var harness = await Harness.StartAsync(clientClock: new FakeTimeProvider(Start), emulatorOptions: new LabelStudioEmulatorOptions { TimeProvider = serverClock });
        var project = harness.AddProject();
        var task = harness.AddTask(project, "a.png");
        harness.Emulator.Model.AddAnnotation(task, Regions.Result(Regions.Rectangle("r1", 10, 10, 30, 30, "Cat", 200, 100)));
        var connector = harness.Connector;
        var snapshot = await connector.ReadProjectAsync($"{project}", Ct);
        var key = $"ls:task/{task}/region/r1";
        var finding = new Finding(FindingKeys.For(FindingKind.Mislabel, key), FindingKind.Mislabel, 0.9, key, "Cat", "Dog", [], "labelled Cat; its neighbours say Dog");

        serverClock.Advance(TimeSpan.FromMinutes(10));
        await connector.WriteBackAsync(new WriteBackRequest(snapshot, [finding], WriteBackMode.Markers), Ct);

        var requests = harness.Emulator.ApiRequests();
        var renewal = requests.Select((r, i) => (r, i)).Where(x => x.r.Path == "/api/token/refresh/").Select(x => x.i).ElementAt(1);
        var refused = requests[renewal - 1];
        var repeated = requests[renewal + 1];
        Assert.Equal((refused.Method, refused.Path, refused.Body), (repeated.Method, repeated.Path, repeated.Body));
        Assert.Equal(2, requests.Count(r => r.Path == "/api/token/refresh/"));
        Assert.All(requests.Where(r => r.Method is "POST" or "PATCH"), w => Assert.False(string.IsNullOrEmpty(w.Body), $"{w.Method} {w.Path} arrived without a body"));
        Assert.NotEmpty(harness.Emulator.Model.Predictions(taskId: task));
    }

    [Fact]
    public async Task With_one_request_allowed_at_a_time_the_token_exchange_inside_a_request_does_not_wait_for_it()
    {
        await using var harness = await Harness.StartAsync(PlatformAuthScheme.Bearer, configure: p => p.MaxConcurrentRequests = 1);
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");

        // A guard, not a timing: were the exchange to wait for the one slot its own request holds, this would never end.
        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Single(snapshot.Items);
        Assert.Single(harness.Emulator.ApiRequests(), r => r.Path == "/api/token/refresh/");
    }
}
