using LabelBridge.Core.Platforms;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Tests.Fixtures;

namespace LabelBridge.LabelStudio.Tests.Connection;

public sealed class CircuitBreakerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Images_failing_on_a_down_server_open_the_breaker_instead_of_each_becoming_a_skipped_item()
    {
        await using var harness = await Harness.StartAsync();
        var project = harness.AddProject();
        for (var i = 0; i < 6; i++)
        {
            harness.AddTask(project, $"{i}.png");
        }

        var items = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items;
        harness.Emulator.Faults.FailNext(10_000, 503, "/data/upload/");

        var skipped = 0;
        PlatformUnavailableException? refused = null;
        foreach (var item in items)
        {
            try
            {
                var fetched = await harness.Connector.FetchImageAsync(item, Ct);
                Assert.Contains("503", fetched.Problem!.Reason, StringComparison.Ordinal);
                skipped++;
            }
            catch (PlatformUnavailableException e)
            {
                refused = e;
                break;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("CircuitBreakDuration", refused.Message, StringComparison.Ordinal);
        Assert.True(skipped < 3, $"{skipped} images were skipped before the breaker opened");
        Assert.InRange(harness.Emulator.Requests.Count(r => r.Path.StartsWith("/data/upload/", StringComparison.Ordinal)), 1, 12);
        await Assert.ThrowsAsync<PlatformUnavailableException>(() => harness.Connector.ReadProjectAsync($"{project}", Ct));
    }

    [Fact]
    public async Task An_allowed_image_host_that_is_down_does_not_stop_calls_to_label_studio()
    {
        await using var harness = await Harness.StartAsync(configure: p => p.AllowedImageHosts.Add("localhost"));
        var project = harness.AddProject();
        for (var i = 0; i < 4; i++)
        {
            harness.Emulator.Model.PutFile($"/static/{i}.png", TestImages.Png(20, 10));
            harness.Emulator.Model.AddTask(project, new() { ["image"] = $"http://localhost:{harness.Emulator.BaseUrl.Port}/static/{i}.png" });
        }

        var items = (await harness.Connector.ReadProjectAsync($"{project}", Ct)).Items;
        harness.Emulator.Faults.FailNext(10_000, 503, "/static/");
        foreach (var item in items)
        {
            Assert.NotNull((await harness.Connector.FetchImageAsync(item, Ct)).Problem);
        }

        var again = await harness.Connector.ReadProjectAsync($"{project}", Ct);

        Assert.Equal(4, again.Items.Count);
        Assert.Equal(16, harness.Emulator.Requests.Count(r => r.Path.StartsWith("/static/", StringComparison.Ordinal)));
    }
}
