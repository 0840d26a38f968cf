using SkiaSharp;

namespace LabelBridge.Embeddings.Images;

/// <summary>A decoded, upright RGBA image, or the reason there is none.</summary>
internal sealed record DecodeOutcome(SKBitmap? Image, string? Problem)
{
    public static DecodeOutcome Failure(string problem) => new(null, problem);
}
