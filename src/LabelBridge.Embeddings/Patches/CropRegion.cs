using System.Globalization;
using LabelBridge.Core.Vocabulary;
using SkiaSharp;

namespace LabelBridge.Embeddings.Patches;

/// <summary>The part of an image a box's patch is cut from: the box plus its margin, clamped to the image.</summary>
internal static class CropRegion
{
    /// <summary>The clamped source rectangle, or a reason why the box has no pixels to crop.</summary>
    public static (SKRectI Region, string? Problem) Find(PixelBox box, double margin, int imageWidth, int imageHeight)
    {
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
        {
            return (default, "the box has non-numeric coordinates");
        }

        if (box.Width <= 0 || box.Height <= 0)
        {
            return (default, string.Create(CultureInfo.InvariantCulture, $"the box has zero size ({box.Width:0.##}×{box.Height:0.##} px)"));
        }

        var left = Math.Max(0, Math.Floor(box.X - (margin * box.Width)));
        var top = Math.Max(0, Math.Floor(box.Y - (margin * box.Height)));
        var right = Math.Min(imageWidth, Math.Ceiling(box.Right + (margin * box.Width)));
        var bottom = Math.Min(imageHeight, Math.Ceiling(box.Bottom + (margin * box.Height)));
        if (right - left < 1 || bottom - top < 1)
        {
            return (default, string.Create(
                CultureInfo.InvariantCulture,
                $"the box ({box.ToKeyString()}) lies outside the {imageWidth}×{imageHeight} image"));
        }

        return (new SKRectI((int)left, (int)top, (int)right, (int)bottom), null);
    }
}
