using System.Globalization;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Embeddings.Patches;

/// <summary>How a box becomes a patch; part of every cache key, since changing it changes the pixels.</summary>
/// <param name="Margin">Extra context on each side, as a fraction of the box's width or height.</param>
/// <param name="Resize">Letterbox or stretch.</param>
internal sealed record CropSettings(double Margin, PatchResizeMode Resize)
{
    public static CropSettings From(EmbeddingOptions options) => new(
        options.CropMargin,
        options.ResizeMode);

    /// <summary>How <see cref="PatchRenderer"/> samples: bumped whenever a change of drawing changes the pixels, so vectors of
    /// the old pixels are not mixed with new ones (2: bilinear within the nearest mipmap level; before: trilinear).</summary>
    public const int RenderingVersion = 2;

    public string ToKeyString() => string.Create(
        CultureInfo.InvariantCulture,
        $"m{Margin:0.###}{(Resize == PatchResizeMode.Stretch ? "s" : "l")}r{RenderingVersion}");
}
