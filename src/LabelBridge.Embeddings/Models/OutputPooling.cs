using System.Numerics.Tensors;
using LabelBridge.Embeddings.Embedders;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Models;

/// <summary>Model output → one L2-normalised row per patch, averaging spatial outputs when the manifest says <c>gap</c>.</summary>
internal static class OutputPooling
{
    /// <summary>Writes count rows into <paramref name="destination"/> unless it is empty; returns the row length.</summary>
    public static int Pool(ReadOnlySpan<float> values, ReadOnlySpan<long> shape, int count, ModelManifest manifest, Span<float> destination)
    {
        if (shape.Length == 0 || shape[0] != count)
        {
            throw new InvalidOperationException($"Model {manifest.Name} output batch dimension does not match the {count} patches given.");
        }

        if (!manifest.Output.IsGlobalAveragePooled)
        {
            var width = checked((int)(values.Length / count));
            if (!destination.IsEmpty)
            {
                values[..(count * width)].CopyTo(destination);
                NormalizeRows(destination, count, width);
            }

            return width;
        }

        if (shape.Length != 4)
        {
            throw new InvalidOperationException($"Model {manifest.Name} declares pooling 'gap' but its output has rank {shape.Length}, not 4.");
        }

        var channelsFirst = manifest.Input.IsNchw;
        var channels = (int)(channelsFirst ? shape[1] : shape[3]);
        var spatial = (int)(channelsFirst ? shape[2] * shape[3] : shape[1] * shape[2]);
        if (destination.IsEmpty)
        {
            return channels;
        }

        var perPatch = channels * spatial;
        for (var n = 0; n < count; n++)
        {
            var source = values.Slice(n * perPatch, perPatch);
            var row = destination.Slice(n * channels, channels);
            if (channelsFirst)
            {
                for (var c = 0; c < channels; c++)
                {
                    row[c] = TensorPrimitives.Sum(source.Slice(c * spatial, spatial)) / spatial;
                }
            }
            else
            {
                row.Clear();
                for (var p = 0; p < spatial; p++)
                {
                    TensorPrimitives.Add(row, source.Slice(p * channels, channels), row);
                }

                TensorPrimitives.Divide(row, spatial, row);
            }
        }

        NormalizeRows(destination, count, channels);
        return channels;
    }

    private static void NormalizeRows(Span<float> rows, int count, int width)
    {
        for (var n = 0; n < count; n++)
        {
            VectorMath.NormalizeInPlace(rows.Slice(n * width, width));
        }
    }
}
