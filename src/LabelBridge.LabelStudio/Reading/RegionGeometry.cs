using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Converts Label Studio region values (percent of the original image) into pixel boxes.</summary>
internal static class RegionGeometry
{
    private const double PercentTolerance = 0.01;

    /// <summary>A rectangle rotated by <c>rotation</c> degrees clockwise about its top-left corner (x, y): the box of its 4 corners.</summary>
    public static PixelBox Rectangle(double x, double y, double width, double height, double rotationDegrees, int imageWidth, int imageHeight)
    {
        var left = x * imageWidth / 100;
        var top = y * imageHeight / 100;
        var w = width * imageWidth / 100;
        var h = height * imageHeight / 100;
        var turn = rotationDegrees % 360;
        if (turn == 0)
        {
            return new PixelBox(left, top, w, h);
        }

        var radians = turn * Math.PI / 180;
        var (sin, cos) = Math.SinCos(radians);
        ReadOnlySpan<double> corners =
        [
            left, top,
            left + (w * cos), top + (w * sin),
            left + (w * cos) - (h * sin), top + (w * sin) + (h * cos),
            left - (h * sin), top + (h * cos),
        ];
        return PixelBox.FromPoints(corners);
    }

    public static PixelBox Polygon(ReadOnlySpan<double> percentXy, int imageWidth, int imageHeight)
    {
        Span<double> pixels = percentXy.Length <= 512 ? stackalloc double[percentXy.Length] : new double[percentXy.Length];
        for (var i = 0; i < percentXy.Length; i += 2)
        {
            pixels[i] = percentXy[i] * imageWidth / 100;
            pixels[i + 1] = percentXy[i + 1] * imageHeight / 100;
        }

        return PixelBox.FromPoints(pixels);
    }

    /// <summary>A key point at (x, y) drawn with diameter <c>width</c> (percent of the image width); at least 1 px.</summary>
    public static PixelBox KeyPoint(double x, double y, double width, int imageWidth, int imageHeight)
    {
        var radius = Math.Max(0.5, width * imageWidth / 200);
        return new PixelBox((x * imageWidth / 100) - radius, (y * imageHeight / 100) - radius, 2 * radius, 2 * radius);
    }

    public static bool IsPercent(double value) => value >= -PercentTolerance && value <= 100 + PercentTolerance;

    public static double? Number(JsonObject value, string name) =>
        value.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
