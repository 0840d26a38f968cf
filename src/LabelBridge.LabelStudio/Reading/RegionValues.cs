using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.LabelStudio.Reading;

/// <summary>Reads the <c>value</c> of one region into its pixel box, or says in words what is wrong with it.</summary>
internal static class RegionValues
{
    public static (ShapeKind, PixelBox, string?) RectangleBox(JsonObject value, int width, int height)
    {
        var x = RegionGeometry.Number(value, "x");
        var y = RegionGeometry.Number(value, "y");
        var w = RegionGeometry.Number(value, "width");
        var h = RegionGeometry.Number(value, "height");
        if (x is null || y is null || w is null || h is null)
        {
            return (ShapeKind.Rectangle, default, "x, y, width or height is missing");
        }

        var rotation = RegionGeometry.Number(value, "rotation") ?? 0;
        var rotated = rotation % 360 != 0;
        if (!RegionGeometry.IsPercent(x.Value) || !RegionGeometry.IsPercent(y.Value) || w < 0 || h < 0
            || !RegionGeometry.IsPercent(w.Value) || !RegionGeometry.IsPercent(h.Value)
            || (!rotated && (!RegionGeometry.IsPercent(x.Value + w.Value) || !RegionGeometry.IsPercent(y.Value + h.Value))))
        {
            return (ShapeKind.Rectangle, default,
                $"percent values outside 0–100 (x {Shown(x.Value)}, y {Shown(y.Value)}, width {Shown(w.Value)}, height {Shown(h.Value)})");
        }

        var box = RegionGeometry.Rectangle(x.Value, y.Value, w.Value, h.Value, rotation, width, height);
        return (rotated ? ShapeKind.RotatedRectangle : ShapeKind.Rectangle, box, null);
    }

    /// <summary>A percent as a reader wants it: 12.5, or 1E+308 rather than 309 digits.</summary>
    private static string Shown(double value) =>
        value.ToString(Math.Abs(value) < 1e6 ? "0.##" : "0.##E+0", CultureInfo.InvariantCulture);

    public static (ShapeKind, PixelBox, string?) PolygonBox(JsonObject value, int width, int height)
    {
        if (value["points"] is not JsonArray points || points.Count == 0)
        {
            return (ShapeKind.Polygon, default, "the polygon has no points");
        }

        var xy = new double[points.Count * 2];
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not JsonArray { Count: >= 2 } p
                || p[0] is not JsonValue px || !px.TryGetValue<double>(out var x)
                || p[1] is not JsonValue py || !py.TryGetValue<double>(out var y))
            {
                return (ShapeKind.Polygon, default, $"polygon point {i} is not an [x, y] pair");
            }

            if (!RegionGeometry.IsPercent(x) || !RegionGeometry.IsPercent(y))
            {
                return (ShapeKind.Polygon, default, string.Create(CultureInfo.InvariantCulture, $"polygon point {i} ({x:0.##}, {y:0.##}) is outside 0–100 percent"));
            }

            xy[2 * i] = x;
            xy[(2 * i) + 1] = y;
        }

        return (ShapeKind.Polygon, RegionGeometry.Polygon(xy, width, height), null);
    }

    public static (ShapeKind, PixelBox, string?) KeyPointBox(JsonObject value, int width, int height)
    {
        var x = RegionGeometry.Number(value, "x");
        var y = RegionGeometry.Number(value, "y");
        if (x is null || y is null)
        {
            return (ShapeKind.KeyPoint, default, "the key point has no x or y");
        }

        if (!RegionGeometry.IsPercent(x.Value) || !RegionGeometry.IsPercent(y.Value))
        {
            return (ShapeKind.KeyPoint, default, string.Create(CultureInfo.InvariantCulture, $"the key point ({x:0.##}, {y:0.##}) is outside 0–100 percent"));
        }

        var size = RegionGeometry.Number(value, "width") ?? 0;
        return (ShapeKind.KeyPoint, RegionGeometry.KeyPoint(x.Value, y.Value, size, width, height), null);
    }

    public static (ShapeKind, PixelBox, string?) BrushBox(JsonObject value, int width, int height)
    {
        var format = value["format"] is JsonValue f && f.TryGetValue<string>(out var s) ? s : "rle";
        if (format != "rle" || value["rle"] is not JsonArray rle)
        {
            return (ShapeKind.Mask, default, $"brush format '{format}' is not read (LabelBridge reads format 'rle')");
        }

        var bytes = new byte[rle.Count];
        for (var i = 0; i < rle.Count; i++)
        {
            if (rle[i] is not JsonValue v || !v.TryGetValue<int>(out var b) || b is < 0 or > 255)
            {
                return (ShapeKind.Mask, default, $"brush RLE value {i} is not a byte");
            }

            bytes[i] = (byte)b;
        }

        var (box, error) = BrushRle.BoundingBox(bytes, width, height);
        return error is not null ? (ShapeKind.Mask, default, error)
            : box is null ? (ShapeKind.Mask, default, "the brush mask is empty")
            : (ShapeKind.Mask, box.Value, null);
    }
}
