using LabelBridge.Host.Tests.Sweeps;
using Microsoft.Playwright;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>A CVAT project with frame tags and boxes: image-level labels are their own projection, drawn as their own
/// layer beside the objects.</summary>
public sealed class ImageLevelLayerTests(ImageLevelLayerTests.MixedFixture fixture) : IClassFixture<ImageLevelLayerTests.MixedFixture>
{
    [Fact]
    public async Task Image_level_labels_are_a_layer_beside_the_objects_that_can_be_hidden()
    {
        var keys = fixture.FirstSweep.Report!.Points.Select(p => p.AnnotationKey).ToList();
        var tags = keys.Where(k => k.StartsWith("cvat:tag/", StringComparison.Ordinal)).ToList();
        var boxes = keys.Where(k => k.StartsWith("cvat:shape/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tags);
        Assert.NotEmpty(boxes);
        var page = await fixture.OpenAsync($"?project={SweepHarness.ProjectName}");

        await Assertions.Expect(page.Locator(".region-label")).ToHaveTextAsync(["Objects", "Image-level labels"]);
        var tagX = await XsAsync(page, tags);
        var boxX = await XsAsync(page, boxes);
        Assert.True(tagX.Min() > boxX.Max(), $"image-level labels from x={tagX.Min()}, objects up to x={boxX.Max()}");

        await page.GetByLabel("image-level labels", new() { Exact = true }).UncheckAsync();

        Assert.All(await VisibleAsync(page, tags), Assert.False);
        Assert.All(await VisibleAsync(page, boxes), Assert.True);
    }

    private static Task<double[]> XsAsync(IPage page, List<string> keys) =>
        page.EvaluateAsync<double[]>("keys => keys.map(k => window.labelBridge.screenPositionOf(k).x)", keys);

    private static Task<bool[]> VisibleAsync(IPage page, List<string> keys) =>
        page.EvaluateAsync<bool[]>("keys => keys.map(k => window.labelBridge.styleOf(k).visible)", keys);

    public sealed class MixedFixture : TriagePageFixture
    {
        internal override Task<SweepHarness> StartHarnessAsync() => SweepHarness.StartCvatTagsAsync(withBoxes: true, frames: 30);
    }
}
