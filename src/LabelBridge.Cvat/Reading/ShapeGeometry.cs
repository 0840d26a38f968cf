using System.Globalization;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Cvat.Reading;

/// <summary>The bounding box of one CVAT geometry, or why it has none.</summary>
/// <remarks>CVAT conventions: rectangle <c>[x1,y1,x2,y2]</c> rotated (degrees) about its centre; ellipse
/// <c>[cx,cy,rx-point-x,ry-point-y]</c>; mask = RLE followed by <c>[left,top,right,bottom]</c> (inclusive pixels);
/// polygon, polyline, points and cuboid are x,y pairs.</remarks>
internal static class ShapeGeometry
{
    public static bool TryBox(string? type, IReadOnlyList<double>? points, double rotation, out PixelBox box, out ShapeKind kind, out string? problem)
    {
        box = default;
        problem = null;
        kind = type switch
        {
            "rectangle" => rotation % 360 != 0 ? ShapeKind.RotatedRectangle : ShapeKind.Rectangle,
            "polygon" => ShapeKind.Polygon,
            "polyline" => ShapeKind.Polyline,
            "points" => ShapeKind.Points,
            "ellipse" => ShapeKind.Ellipse,
            "mask" => ShapeKind.Mask,
            "cuboid" => ShapeKind.Cuboid,
            "skeleton" => ShapeKind.Skeleton,
            _ => (ShapeKind)(-1),
        };
        if ((int)kind < 0)
        {
            problem = $"unknown shape type '{type}'; LabelBridge reads rectangle, polygon, polyline, points, ellipse, mask, cuboid and skeleton";
            return false;
        }

        var values = points ?? [];
        if (values.Any(v => !double.IsFinite(v)))
        {
            problem = $"{type} has a non-finite coordinate";
            return false;
        }

        // CVAT's schema keeps rotation within 0..360 (schema.yml, shape rotation minimum 0, maximum 360); a negative turn
        // is accepted as well, anything further is corrupt and would make the trigonometry NaN.
        if (Math.Abs(rotation) > 360)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{type} has rotation {rotation:G6}, not an angle of -360..360 degrees");
            return false;
        }

        var expected = type switch
        {
            "rectangle" or "ellipse" => values.Count == 4 ? null : "exactly 4 coordinates",
            "mask" => values.Count >= 4 ? null : "an RLE followed by left, top, right, bottom",
            "cuboid" => values.Count == 16 ? null : "16 coordinates (8 points)",
            "skeleton" => null,
            _ => values.Count >= 2 && values.Count % 2 == 0 ? null : "a non-empty list of x, y pairs",
        };
        if (expected is not null)
        {
            problem = $"{type} has {values.Count} coordinates, expected {expected}";
            return false;
        }

        switch (type)
        {
            case "rectangle":
                box = RotatedRectangle(values, rotation);
                break;
            case "ellipse":
                box = Ellipse(values, rotation);
                break;
            case "mask":
                var n = values.Count;
                box = new PixelBox(values[n - 4], values[n - 3], values[n - 2] - values[n - 4] + 1, values[n - 1] - values[n - 3] + 1);
                break;
            case "skeleton":
                problem = "a skeleton's box comes from its elements";
                return false;
            default:
                box = PixelBox.FromPoints([.. values]);
                break;
        }

        if (box.Width < 0 || box.Height < 0)
        {
            problem = $"{type} has inverted corners ({string.Join(", ", values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))})";
            return false;
        }

        if (BoxBounds.Problem(box) is { } unusable)
        {
            problem = $"{type}: {unusable}";
            return false;
        }

        return true;
    }

    private static PixelBox RotatedRectangle(IReadOnlyList<double> p, double degrees)
    {
        var (x1, y1, x2, y2) = (Math.Min(p[0], p[2]), Math.Min(p[1], p[3]), Math.Max(p[0], p[2]), Math.Max(p[1], p[3]));
        if (degrees % 360 == 0)
        {
            return new PixelBox(x1, y1, x2 - x1, y2 - y1);
        }

        var (cx, cy) = ((x1 + x2) / 2, (y1 + y2) / 2);
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        Span<double> corners = stackalloc double[8];
        ReadOnlySpan<(double X, double Y)> original = [(x1, y1), (x2, y1), (x2, y2), (x1, y2)];
        for (var i = 0; i < 4; i++)
        {
            var (dx, dy) = (original[i].X - cx, original[i].Y - cy);
            corners[2 * i] = cx + (dx * cos) - (dy * sin);
            corners[(2 * i) + 1] = cy + (dx * sin) + (dy * cos);
        }

        return PixelBox.FromPoints(corners);
    }

    private static PixelBox Ellipse(IReadOnlyList<double> p, double degrees)
    {
        var (cx, cy) = (p[0], p[1]);
        var (rx, ry) = (Math.Abs(p[2] - cx), Math.Abs(p[3] - cy));
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        var halfWidth = Math.Sqrt((rx * rx * cos * cos) + (ry * ry * sin * sin));
        var halfHeight = Math.Sqrt((rx * rx * sin * sin) + (ry * ry * cos * cos));
        return new PixelBox(cx - halfWidth, cy - halfHeight, 2 * halfWidth, 2 * halfHeight);
    }
}
