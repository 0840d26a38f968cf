using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Patches;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Patches;

public sealed class PatchRendererTests
{
    [Fact]
    public void Margin_grows_the_box_and_is_clamped_to_the_image()
    {
        var (region, problem) = CropRegion.Find(new PixelBox(2, 40, 20, 10), margin: 0.5, imageWidth: 64, imageHeight: 48);

        Assert.Null(problem);
        Assert.Equal(new SKRectI(0, 35, 32, 48), region);
    }

    [Fact]
    public void Zero_size_box_is_named()
    {
        var (_, problem) = CropRegion.Find(new PixelBox(5, 5, 0, 10), 0.1, 64, 64);

        Assert.Contains("zero size", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Box_outside_the_image_is_named()
    {
        var (_, problem) = CropRegion.Find(new PixelBox(100, 100, 10, 10), 0.1, 64, 64);

        Assert.Contains("outside the 64×64 image", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Letterbox_keeps_the_aspect_and_pads_with_grey()
    {
        using var image = Decode(TestImages.Solid(40, 10, SKColors.Red));
        using var renderer = new PatchRenderer(16, 16);

        var pixels = renderer.Render(image, new SKRectI(0, 0, 40, 10), PatchResizeMode.Letterbox).ToArray();

        Assert.Equal(PixelAt(pixels, 16, 8, 0), (128, 128, 128));
        Assert.Equal(PixelAt(pixels, 16, 8, 8), (255, 0, 0));
        Assert.Equal(PixelAt(pixels, 16, 8, 15), (128, 128, 128));
    }

    [Fact]
    public void Stretch_fills_the_whole_patch()
    {
        using var image = Decode(TestImages.Solid(40, 10, SKColors.Red));
        using var renderer = new PatchRenderer(16, 16);

        var pixels = renderer.Render(image, new SKRectI(0, 0, 40, 10), PatchResizeMode.Stretch).ToArray();

        Assert.Equal(PixelAt(pixels, 16, 8, 0), (255, 0, 0));
        Assert.Equal(PixelAt(pixels, 16, 8, 15), (255, 0, 0));
    }

    [Fact]
    public void Transparent_pixels_flatten_onto_grey()
    {
        using var image = Decode(TestImages.Solid(8, 8, SKColors.Transparent));
        using var renderer = new PatchRenderer(4, 4);

        var pixels = renderer.Render(image, new SKRectI(0, 0, 8, 8), PatchResizeMode.Stretch).ToArray();

        Assert.Equal(PixelAt(pixels, 4, 2, 2), (128, 128, 128));
        Assert.Equal(255, pixels[3]);
    }

    [Fact]
    public void Crop_takes_only_the_region()
    {
        using var image = Decode(TestImages.Halves(64, 32, SKColors.Red, SKColors.Blue));
        using var renderer = new PatchRenderer(8, 8);

        var pixels = renderer.Render(image, new SKRectI(40, 0, 64, 32), PatchResizeMode.Stretch).ToArray();

        Assert.Equal(PixelAt(pixels, 8, 0, 0), (0, 0, 255));
        Assert.Equal(PixelAt(pixels, 8, 7, 7), (0, 0, 255));
    }

    [Fact]
    public void Shrinking_fine_stripes_many_times_averages_them_instead_of_aliasing()
    {
        // 1-pixel black and white columns shrunk 8.5×: sampling the full-size image lands near single stripes (close to 0
        // or 255); the renderer's nearest-level mipmap averages them to mid grey first.
        using var image = Decode(TestImages.Draw(128, 128, canvas =>
        {
            canvas.Clear(SKColors.White);
            using var black = new SKPaint { Color = SKColors.Black };
            for (var x = 0; x < 128; x += 2)
            {
                canvas.DrawRect(x, 0, 1, 128, black);
            }
        }));
        using var renderer = new PatchRenderer(15, 15);

        var pixels = renderer.Render(image, new SKRectI(0, 0, 128, 128), PatchResizeMode.Stretch).ToArray();

        for (var x = 0; x < 15; x++)
        {
            Assert.InRange(PixelAt(pixels, 15, x, 7).Item1, 96, 160);
        }
    }

    private static SKBitmap Decode(byte[] png) => ImageDecoder.Decode(png, new ImageLimits(1 << 20)).Image!;

    private static (int, int, int) PixelAt(byte[] rgba, int width, int x, int y)
    {
        var at = ((y * width) + x) * 4;
        return (rgba[at], rgba[at + 1], rgba[at + 2]);
    }
}
