using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Cvat.Tests.Images;

public sealed class FrameFetchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Frame_is_fetched_at_original_quality_from_the_job_data_endpoint()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var item = snapshot.Items.First(i => i.Location.Frame == 5);

        var image = await connector.FetchImageAsync(item, Token);

        Assert.Null(image.Problem);
        Assert.Equal(0x89, image.Bytes![0]);
        var request = harness.Emulator.Requests[^1];
        Assert.Equal($"/api/jobs/{scene.TaskA.Jobs[1].Id}/data", request.Path);
        Assert.Equal(("frame", "original", "5"), (request.Query["type"], request.Query["quality"], request.Query["number"]));
    }

    [Fact]
    public async Task Truncated_transfer_is_a_problem_for_that_item()
    {
        await using var harness = await CvatHarness.StartAsync();
        var item = await SeedOneFrameAsync(harness, new EmulatedFrame("x.png", 64, 64));
        harness.Emulator.Faults.TruncateImages = true;

        var image = await harness.Connector().FetchImageAsync(item, Token);

        Assert.Null(image.Bytes);
        Assert.Equal(item.Key, image.Problem!.Subject);
        Assert.Contains("the next sweep tries again", image.Problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_larger_than_the_limit_is_refused()
    {
        await using var harness = await CvatHarness.StartAsync();
        var item = await SeedOneFrameAsync(harness, new EmulatedFrame("x.png", 256, 256));

        var image = await harness.Connector(p => p.MaxImageBytes = 100).FetchImageAsync(item, Token);

        Assert.Contains("above MaxImageBytes (100)", image.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_named()
    {
        await using var harness = await CvatHarness.StartAsync();
        var item = await SeedOneFrameAsync(harness, new EmulatedFrame("x.png", 64, 64, "this is not a picture"u8.ToArray()));

        var image = await harness.Connector().FetchImageAsync(item, Token);

        Assert.Contains("not an image", image.Problem!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_the_server_does_not_have_is_a_problem_not_an_exception()
    {
        await using var harness = await CvatHarness.StartAsync();
        var item = await SeedOneFrameAsync(harness, new EmulatedFrame("x.png", 64, 64));
        var missing = item with { ImageRef = item.ImageRef.Replace("/frame/0", "/frame/7", StringComparison.Ordinal) };

        var image = await harness.Connector().FetchImageAsync(missing, Token);

        Assert.Contains("CVAT has no frame 7", image.Problem!.Reason, StringComparison.Ordinal);
    }

    private static async Task<Item> SeedOneFrameAsync(CvatHarness harness, EmulatedFrame frame)
    {
        var model = harness.Emulator.Model;
        var project = model.AddProject("images");
        model.AddTask(project, "t", [frame], segmentSize: 1);
        var snapshot = await harness.Connector().ReadProjectAsync(project.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Token);
        return Assert.Single(snapshot.Items);
    }
}
