using SkiaSharp;

namespace LabelBridge.Emulators.LabelStudio;

/// <summary>Small generated images to upload into the emulator.</summary>
public static class TestImages
{
    /// <summary>A PNG of the given size: a grey background with a coloured square, so decoders see real pixels.</summary>
    public static byte[] Png(int width, int height, SKColor? color = null)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(128, 128, 128));
            using var paint = new SKPaint { Color = color ?? SKColors.OrangeRed };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}
