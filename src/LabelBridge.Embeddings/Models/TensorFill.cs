using LabelBridge.Core.Embedding.Models;
namespace LabelBridge.Embeddings.Models;

/// <summary>RGBA bytes → the model's float input: scaled to [0,1], per-channel (v − mean) / std, in its layout and channel order.</summary>
internal static class TensorFill
{
    /// <remarks>One pass over each patch through a 256-entry table per channel (a byte has 256 values): a third of the
    /// CPU of three strided passes with a multiply-add each.</remarks>
    public static void Fill(ReadOnlySpan<byte> rgbaPatches, int count, ManifestInput input, Span<float> destination)
    {
        var plane = input.Width * input.Height;
        Span<float> table = stackalloc float[3 * 256];
        for (var c = 0; c < 3; c++)
        {
            var scale = 1f / (255f * input.Std[c]);
            var offset = -input.Mean[c] / input.Std[c];
            for (var v = 0; v < 256; v++)
            {
                table[(c * 256) + v] = (v * scale) + offset;
            }
        }

        ReadOnlySpan<float> first = table[..256];
        ReadOnlySpan<float> second = table.Slice(256, 256);
        ReadOnlySpan<float> third = table.Slice(512, 256);

        // Output channel 0 reads red (blue for BGR), 1 green, 2 blue (red for BGR).
        var from0 = input.IsBgr ? 2 : 0;
        var from2 = input.IsBgr ? 0 : 2;
        for (var n = 0; n < count; n++)
        {
            var patch = rgbaPatches.Slice(n * plane * 4, plane * 4);
            var tensor = destination.Slice(n * plane * 3, plane * 3);
            if (input.IsNchw)
            {
                var plane0 = tensor[..plane];
                var plane1 = tensor.Slice(plane, plane);
                var plane2 = tensor.Slice(2 * plane, plane);
                for (var i = 0; i < plane; i++)
                {
                    var at = 4 * i;
                    plane0[i] = first[patch[at + from0]];
                    plane1[i] = second[patch[at + 1]];
                    plane2[i] = third[patch[at + from2]];
                }
            }
            else
            {
                for (var i = 0; i < plane; i++)
                {
                    var at = 4 * i;
                    var to = 3 * i;
                    tensor[to] = first[patch[at + from0]];
                    tensor[to + 1] = second[patch[at + 1]];
                    tensor[to + 2] = third[patch[at + from2]];
                }
            }
        }
    }
}
