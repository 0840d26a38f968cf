using LabelBridge.Core.Configuration;
using SkiaSharp;

namespace LabelBridge.Embeddings.Patches;

/// <summary>Draws a region of a decoded image into a fixed-size RGBA patch. One per worker and size; not thread-safe.</summary>
internal sealed class PatchRenderer : IDisposable
{
    /// <summary>Letterbox bars and transparent pixels become this grey, the middle of every model's input range.</summary>
    public static readonly SKColor Background = new(128, 128, 128);

    /// <summary>Bilinear within the nearest mipmap level: shrinking by more than 2× still averages (no aliasing), at a
    /// quarter of the CPU of blending two levels (trilinear), which cost about 0.7 ms of a patch's 1 ms crop and made decode
    /// + crop a fifth of the pipeline's CPU (bench/RESULTS.md, "Pipeline against bare ONNX Runtime"). Changing the sampling
    /// changes the pixels, so <see cref="CropSettings.RenderingVersion"/> is part of every cache key.</summary>
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Nearest);

    private readonly SKBitmap target;
    private readonly SKCanvas canvas;

    public PatchRenderer(int width, int height)
    {
        Width = width;
        Height = height;
        target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        canvas = new SKCanvas(target);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes of one patch: Width × Height × 4 (RGBA, alpha already flattened onto the background).</summary>
    public int ByteCount => Width * Height * 4;

    /// <summary>Renders <paramref name="region"/> of <paramref name="image"/> and returns the patch's pixels (valid until the next call).</summary>
    public ReadOnlySpan<byte> Render(SKBitmap image, SKRectI region, PatchResizeMode resize)
    {
        canvas.Clear(Background);
        using var subset = new SKBitmap();
        if (!image.ExtractSubset(subset, region))
        {
            throw new InvalidOperationException($"Region {region} is not inside the {image.Width}×{image.Height} image.");
        }

        canvas.DrawBitmap(subset, Destination(region.Width, region.Height, resize), Sampling);
        canvas.Flush();
        return target.GetPixelSpan();
    }

    /// <summary>The rendered patch as a JPEG, for thumbnails.</summary>
    public byte[] EncodeJpeg(int quality)
    {
        using var data = target.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public void Dispose()
    {
        canvas.Dispose();
        target.Dispose();
    }

    private SKRect Destination(int sourceWidth, int sourceHeight, PatchResizeMode resize)
    {
        if (resize == PatchResizeMode.Stretch)
        {
            return new SKRect(0, 0, Width, Height);
        }

        var scale = Math.Min((float)Width / sourceWidth, (float)Height / sourceHeight);
        var w = sourceWidth * scale;
        var h = sourceHeight * scale;
        var x = (Width - w) / 2;
        var y = (Height - h) / 2;
        return new SKRect(x, y, x + w, y + h);
    }
}
