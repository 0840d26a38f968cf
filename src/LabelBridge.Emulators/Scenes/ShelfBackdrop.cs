using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>The demo's shelves: a dim vertical gradient, Perlin-noise texture and shelf lines every 80 px.</summary>
public sealed class ShelfBackdrop : IBackdrop
{
    public void Draw(SKCanvas canvas, int width, int height, Random random)
    {
        var top = SKColor.FromHsv(random.Next(360), 15, 30 + random.Next(20));
        var bottom = SKColor.FromHsv(random.Next(360), 15, 15 + random.Next(15));
        using var gradient = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [top, bottom], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, gradient);
        using var noise = new SKPaint
        {
            Shader = SKShader.CreatePerlinNoiseTurbulence(0.05f, 0.05f, 3, random.Next(1000)),
            BlendMode = SKBlendMode.Overlay,
            Color = SKColors.White.WithAlpha(90),
        };
        canvas.DrawRect(0, 0, width, height, noise);
        using var shelf = new SKPaint { Color = new SKColor(0, 0, 0, 60), StrokeWidth = 3 };
        for (var y = 60; y < height; y += 80)
        {
            canvas.DrawLine(0, y, width, y, shelf);
        }
    }
}
