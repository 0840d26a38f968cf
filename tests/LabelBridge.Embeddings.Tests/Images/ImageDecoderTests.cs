using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Images;

public sealed class ImageDecoderTests
{
    private static readonly ImageLimits Limits = new(MaxPixels: 4_000_000);

    [Fact]
    public void Exif_orientation_6_turns_the_image_upright()
    {
        var jpeg = TestImages.Halves(40, 20, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Jpeg);

        var outcome = ImageDecoder.Decode(TestImages.WithExifOrientation(jpeg, 6), Limits);

        using var image = outcome.Image!;
        Assert.Equal((20, 40), (image.Width, image.Height));
        Assert.True(image.GetPixel(10, 5).Red > 200, "the left (red) half should now be on top");
        Assert.True(image.GetPixel(10, 35).Blue > 200, "the right (blue) half should now be at the bottom");
    }

    [Fact]
    public void Exif_orientation_3_turns_the_image_half_round()
    {
        var jpeg = TestImages.Halves(40, 20, SKColors.Red, SKColors.Blue, SKEncodedImageFormat.Jpeg);

        using var image = ImageDecoder.Decode(TestImages.WithExifOrientation(jpeg, 3), Limits).Image!;

        Assert.Equal((40, 20), (image.Width, image.Height));
        Assert.True(image.GetPixel(5, 10).Blue > 200);
        Assert.True(image.GetPixel(35, 10).Red > 200);
    }

    [Fact]
    public void Sixteen_bit_png_decodes_to_its_colour()
    {
        using var image = ImageDecoder.Decode(TestImages.Png16Bit(6, 4, 0xFFFF, 0x8000, 0x0000), Limits).Image!;

        var pixel = image.GetPixel(3, 2);
        Assert.Equal(255, pixel.Red);
        Assert.InRange(pixel.Green, 126, 130);
        Assert.Equal(0, pixel.Blue);
    }

    [Fact]
    public void Greyscale_jpeg_decodes_to_equal_channels()
    {
        var grey = TestImages.Draw(16, 16, c => c.Clear(new SKColor(90, 90, 90)), SKEncodedImageFormat.Jpeg, SKColorType.Gray8);

        using var image = ImageDecoder.Decode(grey, Limits).Image!;

        var pixel = image.GetPixel(8, 8);
        Assert.Equal(pixel.Red, pixel.Green);
        Assert.Equal(pixel.Green, pixel.Blue);
        Assert.InRange(pixel.Red, 85, 95);
    }

    [Fact]
    public void Cmyk_jpeg_decodes_to_its_colours()
    {
        var cmyk = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "cmyk-red-green.jpg"));

        using var image = ImageDecoder.Decode(cmyk, Limits).Image!;

        var red = image.GetPixel(4, 8);
        var green = image.GetPixel(12, 8);
        Assert.True(red.Red > 200 && red.Green < 60 && red.Blue < 60, $"left half should be red, was {red}");
        Assert.True(green.Green > 150 && green.Red < 60 && green.Blue < 90, $"right half should be green, was {green}");
    }

    [Fact]
    public void Transparent_png_keeps_its_alpha_for_flattening_later()
    {
        var png = TestImages.Draw(8, 8, c => c.Clear(SKColors.Transparent));

        using var image = ImageDecoder.Decode(png, Limits).Image!;

        Assert.Equal(0, image.GetPixel(4, 4).Alpha);
    }

    [Fact]
    public void Truncated_jpeg_is_named_truncated()
    {
        var jpeg = TestImages.Draw(256, 256, canvas =>
        {
            using var paint = new SKPaint { Shader = SKShader.CreatePerlinNoiseTurbulence(0.2f, 0.2f, 3, 7) };
            canvas.DrawRect(0, 0, 256, 256, paint);
        }, SKEncodedImageFormat.Jpeg);

        var outcome = ImageDecoder.Decode(TestImages.Truncated(jpeg), Limits);

        Assert.Null(outcome.Image);
        Assert.Contains("truncated", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_not_a_readable_image()
    {
        var outcome = ImageDecoder.Decode(TestImages.RandomBytes(2048, seed: 1), Limits);

        Assert.Null(outcome.Image);
        Assert.Contains("not a readable image", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixel_bomb_header_is_refused_before_decoding()
    {
        var outcome = ImageDecoder.Decode(TestImages.PixelBomb(100_000, 100_000), Limits);

        Assert.Null(outcome.Image);
        Assert.Contains("100000×100000", outcome.Problem, StringComparison.Ordinal);
        Assert.Contains("over the limit", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_bytes_are_named_empty()
    {
        Assert.Contains("empty", ImageDecoder.Decode([], Limits).Problem, StringComparison.Ordinal);
    }
}
