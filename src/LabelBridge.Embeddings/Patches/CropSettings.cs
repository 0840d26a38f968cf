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

    public string ToKeyString() => string.Create(
        CultureInfo.InvariantCulture,
        $"m{Margin:0.###}{(Resize == PatchResizeMode.Stretch ? "s" : "l")}");
}
