using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Reading;

public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttled_request_is_retried_after_Retry_After()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.Emulator.Faults.FailNext(1, 429, "/api/tasks/", retryAfter: TimeSpan.FromSeconds(1));

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Single(snapshot.Items);
        Assert.Equal(2, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/tasks/"));
    }

    [Fact]
    public async Task Dropped_connection_and_stalled_answer_are_retried()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.RequestTimeout = TimeSpan.FromSeconds(1));
        var project = harness.AddProject();
        harness.AddTask(project, "a.png");
        harness.Emulator.Faults.DropNext(1, "/api/projects/");
        harness.Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(30), "/api/tasks/");

        var snapshot = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Single(snapshot.Items);
        Assert.Equal(2, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/tasks/"));
    }

    [Fact]
    public async Task Persistent_server_errors_are_an_outage_never_an_empty_project()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        harness.Emulator.Faults.FailNext(10, 500, "/api/tasks/");

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, harness.Emulator.ApiRequests().Count(r => r.Path == "/api/tasks/"));
    }

    [Fact]
    public async Task Html_page_instead_of_the_api_is_an_outage_that_says_to_check_the_url()
    {
        await using var harness = await Harness.StartAsync(Core.Configuration.PlatformAuthScheme.Token);
        var project = harness.AddProject();
        harness.Emulator.Faults.ServeHtmlLoginPage = true;

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));

        Assert.Contains("HTML", error.Message, StringComparison.Ordinal);
        Assert.Contains("Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_project_is_an_error_that_names_the_id()
    {
        await using var harness = await Harness.StartAsync();

        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync("999", Ct));

        Assert.Contains("project 999", error.Message, StringComparison.Ordinal);
    }
}
