using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Images;

public sealed class ImageFetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Image_on_the_servers_own_host_is_fetched_with_the_api_credentials()
    {
        await using var harness = await Harness.StartAsync();
        var item = await SingleItemAsync(harness, harness.AddProject(), "a.png");

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(result.Problem);
        Assert.Equal(harness.Emulator.Model.File($"/data/upload/{item.ImageRef.Split('/')[^2]}/a.png")!.Bytes, result.Bytes);
        Assert.Equal("Bearer", harness.Emulator.Requests.Single(r => r.Path.StartsWith("/data/", StringComparison.Ordinal)).AuthScheme);
    }

    [Fact]
    public async Task Missing_image_is_a_problem_naming_the_task()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var task = harness.Emulator.Model.AddTask(project, new() { ["image"] = "/data/upload/1/gone.png" }).Id;
        var item = await SingleItemAsync(harness, project, null);

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(result.Bytes);
        Assert.Equal($"ls:task/{task}", result.Problem!.Subject);
        Assert.Contains("404", result.Problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_on_a_host_the_admin_did_not_allow_is_not_fetched()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        var elsewhere = $"http://localhost:{harness.Emulator.BaseUrl.Port}/static/x.png";
        var task = harness.Emulator.Model.AddTask(project, new() { ["image"] = elsewhere }).Id;
        var item = await SingleItemAsync(harness, project, null);

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Contains($"task {task}", result.Problem!.Reason, StringComparison.Ordinal);
        Assert.Contains($"'localhost:{harness.Emulator.BaseUrl.Port}'", result.Problem.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Emulator.Requests, r => r.Path.StartsWith("/static/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Image_on_an_allowed_host_is_fetched_without_the_api_credentials()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.AllowedImageHosts.Add("localhost"));
        var project = harness.AddProject();
        harness.Emulator.Model.PutFile("/static/x.png", TestImages.Png(20, 10));
        harness.Emulator.Model.AddTask(project, new() { ["image"] = $"http://localhost:{harness.Emulator.BaseUrl.Port}/static/x.png" });
        var item = await SingleItemAsync(harness, project, null);

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.NotNull(result.Bytes);
        Assert.Null(harness.Emulator.Requests.Single(r => r.Path == "/static/x.png").AuthScheme);
    }

    [Fact]
    public async Task Image_larger_than_the_limit_is_refused()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.MaxImageBytes = 100);
        var item = await SingleItemAsync(harness, harness.AddProject(), "a.png");

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Contains("MaxImageBytes", result.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_download_is_a_problem_not_a_corrupt_image()
    {
        await using var harness = await Harness.StartAsync();
        var item = await SingleItemAsync(harness, harness.AddProject(), "a.png");
        harness.Emulator.Faults.TruncateImages = true;

        var result = await harness.Connector.FetchImageAsync(item, Ct);

        Assert.Null(result.Bytes);
        Assert.Contains("cut short", result.Problem!.Reason, StringComparison.Ordinal);
    }

    private static async Task<Item> SingleItemAsync(Harness harness, long project, string? fileName)
    {
        if (fileName is not null)
        {
            harness.AddTask(project, fileName);
        }

        return Assert.Single((await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items);
    }
}
