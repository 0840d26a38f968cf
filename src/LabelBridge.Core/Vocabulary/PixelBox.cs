namespace LabelBridge.Core.Vocabulary;

/// <summary>An axis-aligned box in pixels of the item's original image, origin top-left.</summary>
/// <remarks>Every geometry (polygon, mask, rotated box, skeleton...) is reduced to its bounding box at the
/// connector edge, because the box is what gets cropped into a patch.</remarks>
public readonly record struct PixelBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public double Area => Width * Height;

    /// <summary>The bounding box of a set of (x, y) points given as x0, y0, x1, y1, ...</summary>
    public static PixelBox FromPoints(ReadOnlySpan<double> xy)
    {
        if (xy.Length < 2 || xy.Length % 2 != 0)
        {
            throw new ArgumentException("Points must be a non-empty sequence of x, y pairs.", nameof(xy));
        }

        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (var i = 0; i < xy.Length; i += 2)
        {
            minX = Math.Min(minX, xy[i]);
            maxX = Math.Max(maxX, xy[i]);
            minY = Math.Min(minY, xy[i + 1]);
            maxY = Math.Max(maxY, xy[i + 1]);
        }

        return new PixelBox(minX, minY, maxX - minX, maxY - minY);
    }

    /// <summary>The smallest box holding both.</summary>
    public PixelBox Union(PixelBox other)
    {
        var x = Math.Min(X, other.X);
        var y = Math.Min(Y, other.Y);
        return new PixelBox(x, y, Math.Max(Right, other.Right) - x, Math.Max(Bottom, other.Bottom) - y);
    }

    /// <summary>A stable text form, rounded to 0.01 px, used in cache keys.</summary>
    public string ToKeyString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{X:0.##},{Y:0.##},{Width:0.##},{Height:0.##}");
}
