using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>Fashion-MNIST garments: the grey value becomes the alpha of a tinted layer.</summary>
public sealed class GarmentSprites(FashionMnist data) : ISpriteSet
{
    public IReadOnlyList<string> ClassNames => FashionMnist.ClassNames;

    public int Count => data.Count;

    public int ClassOf(int index) => data.Labels[index];

    public SKImage Render(int index, SKColor tint)
    {
        var grey = data.Image(index);
        var pixels = new byte[FashionMnist.Side * FashionMnist.Side * 4];
        for (var i = 0; i < grey.Length; i++)
        {
            var alpha = grey[i];
            pixels[(4 * i) + 0] = (byte)(tint.Red * alpha / 255);
            pixels[(4 * i) + 1] = (byte)(tint.Green * alpha / 255);
            pixels[(4 * i) + 2] = (byte)(tint.Blue * alpha / 255);
            pixels[(4 * i) + 3] = alpha;
        }

        var info = new SKImageInfo(FashionMnist.Side, FashionMnist.Side, SKColorType.Rgba8888, SKAlphaType.Premul);
        return SKImage.FromPixelCopy(info, pixels);
    }

    public float[] Thumbnail(int index)
    {
        var grey = data.Image(index);
        var values = new float[grey.Length];
        for (var i = 0; i < grey.Length; i++)
        {
            values[i] = grey[i] / 255f;
        }

        return values;
    }
}
