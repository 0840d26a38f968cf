using System.Globalization;
using System.Numerics.Tensors;
using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Pixels;

/// <summary>The model-free embedder: a small grey crop with its brightness and contrast removed.</summary>
/// <remarks>Beats ImageNet features on simple silhouettes (icons, garments on plain ground) and needs no model
/// file at all, so it is always a candidate for <c>auto</c>.</remarks>
internal sealed class PixelPatchEmbedder : IPatchEmbedder
{
    public PixelPatchEmbedder(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        InputWidth = size;
        InputHeight = size;
        Name = size == 16 ? "pixel" : string.Create(CultureInfo.InvariantCulture, $"pixel{size}");
        Fingerprint = string.Create(CultureInfo.InvariantCulture, $"pixel-v1-{size}");
    }

    public string Name { get; }

    public string Fingerprint { get; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    public int Dimension => InputWidth * InputHeight;

    public void Embed(ReadOnlySpan<byte> rgbaPatches, int count, Span<float> destination)
    {
        var pixels = Dimension;
        for (var n = 0; n < count; n++)
        {
            var patch = rgbaPatches.Slice(n * pixels * 4, pixels * 4);
            var row = destination.Slice(n * pixels, pixels);
            for (var i = 0; i < pixels; i++)
            {
                row[i] = (0.299f * patch[4 * i]) + (0.587f * patch[(4 * i) + 1]) + (0.114f * patch[(4 * i) + 2]);
            }

            var mean = TensorPrimitives.Sum<float>(row) / pixels;
            TensorPrimitives.Subtract(row, mean, row);
            VectorMath.NormalizeInPlace(row);
        }
    }
}
