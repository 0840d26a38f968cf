using System.Globalization;

namespace LabelBridge.Core.Vocabulary;

/// <summary>Whether a box read from a platform is usable at all: finite, and within a range no real image reaches.</summary>
/// <remarks>Finite but huge values (±1e308, a rotation of 1e308 degrees, a mask bound of 1e308) turn into NaN or
/// infinity further on (width = right - left, trigonometry), and such a box cannot be cropped or serialised as an issue
/// position or a prediction; rejected at read time it is one named skipped annotation instead of a sweep that pauses on every run.</remarks>
public static class BoxBounds
{
    /// <summary>No image a labelling platform stores is anywhere near a million pixels on a side.</summary>
    public const double MaxCoordinate = 1_000_000;

    /// <summary>Why the box is unusable, or null when it is fine.</summary>
    public static string? Problem(PixelBox box)
    {
        ReadOnlySpan<double> edges = [box.X, box.Y, box.Width, box.Height, box.Right, box.Bottom];
        foreach (var edge in edges)
        {
            if (!double.IsFinite(edge))
            {
                return $"its box ({Describe(box)}) is not finite";
            }
        }

        foreach (var edge in edges)
        {
            if (Math.Abs(edge) > MaxCoordinate)
            {
                return string.Create(CultureInfo.InvariantCulture, $"its box ({Describe(box)}) reaches beyond ±{MaxCoordinate:0} px");
            }
        }

        return null;
    }

    /// <summary>A short text form: huge values in exponent notation, not 300 digits.</summary>
    public static string Describe(PixelBox box) =>
        string.Create(CultureInfo.InvariantCulture, $"x {box.X:G6}, y {box.Y:G6}, width {box.Width:G6}, height {box.Height:G6}");
}
