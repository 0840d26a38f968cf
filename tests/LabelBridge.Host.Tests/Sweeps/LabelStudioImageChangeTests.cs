using LabelBridge.Core.Sweeps;
using LabelBridge.Emulators.LabelStudio;
using SkiaSharp;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>An image replaced under the same URL (an object overwritten in a bucket, a file replaced on disk): Label
/// Studio keeps the task, its data and its URL, so only the image server's ETag / Last-Modified can tell.</summary>
public sealed class LabelStudioImageChangeTests
{
    [Fact]
    public async Task An_image_replaced_under_the_same_url_is_re_embedded_on_the_next_sweep_and_its_findings_change()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var first = (await harness.SweepAsync()).Report!;
        var itemKey = first.Findings[0].ItemKey;
        var taskId = long.Parse(itemKey["ls:task/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var path = harness.LabelStudio.Model.Task(taskId)!.Data["image"]!.GetValue<string>();
        var regions = first.Points.Count(p => p.AnnotationKey.StartsWith(itemKey + "/", StringComparison.Ordinal));

        harness.LabelStudio.Model.PutFile(path, GreyLike(harness.LabelStudio.Model.File(path)!.Bytes), "image/jpeg");
        var second = (await harness.SweepAsync()).Report!;

        Assert.Equal(regions, second.Counts.PatchesEmbedded);
        Assert.Equal(harness.Project.Annotations - regions, second.Counts.CacheHits);
        Assert.NotEqual(FindingsOn(first, itemKey), FindingsOn(second, itemKey));
    }

    [Fact]
    public async Task An_unchanged_image_is_revalidated_with_one_conditional_request_and_not_downloaded_again()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync();
        var tasks = harness.LabelStudio.Model.Tasks(harness.Project.ProjectId).Count;
        var first = (await harness.SweepAsync()).Report!;
        var downloads = harness.LabelStudio.Images.Downloads;

        var second = (await harness.SweepAsync()).Report!;

        Assert.Equal(tasks, downloads);
        Assert.Equal(downloads, harness.LabelStudio.Images.Downloads);
        Assert.Equal(tasks, harness.LabelStudio.Images.NotModified);
        Assert.Equal(0, second.Counts.PatchesEmbedded);
        Assert.Equal(harness.Project.Annotations, second.Counts.CacheHits);
        Assert.Equal(first.Findings.Select(f => f.Key).Order(StringComparer.Ordinal), second.Findings.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(second.Problems, p => p.Reason.Contains("ETag", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_without_validators_keeps_url_only_caching_and_is_named_once_per_sweep()
    {
        await using var harness = await SweepHarness.StartLabelStudioAsync(server: new LabelStudioEmulatorOptions { ServeImageValidators = false });
        var host = harness.LabelStudio.BaseUrl.Authority;
        var first = (await harness.SweepAsync()).Report!;
        var downloads = harness.LabelStudio.Images.Downloads;

        var second = (await harness.SweepAsync()).Report!;

        Assert.Equal(downloads, harness.LabelStudio.Images.Downloads);
        Assert.Equal(0, harness.LabelStudio.Images.NotModified);
        Assert.Equal(harness.Project.Annotations, second.Counts.CacheHits);
        foreach (var report in new[] { first, second })
        {
            var note = Assert.Single(report.Problems, p => p.Reason.Contains("ETag", StringComparison.Ordinal));
            Assert.Equal($"images on {host} carry no ETag/Last-Modified: a file replaced under the same URL is not noticed", note.Reason);
        }
    }

    private static List<string> FindingsOn(SweepReport report, string itemKey) =>
        [.. report.Findings.Where(f => f.ItemKey == itemKey).Select(f => $"{f.AnnotationKey}:{f.Kind}:{f.SuggestedLabel}").Order(StringComparer.Ordinal)];

    /// <summary>A mid-grey JPEG the size of <paramref name="original"/>, so every region still fits but shows nothing.</summary>
    private static byte[] GreyLike(byte[] original)
    {
        using var decoded = SKBitmap.Decode(original);
        using var grey = new SKBitmap(decoded.Width, decoded.Height);
        grey.Erase(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(grey);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return jpeg.ToArray();
    }
}
