using LabelBridge.Core.Embedding.Models;
namespace LabelBridge.Embeddings.Models;

/// <summary>RGBA bytes → the model's float input: scaled to [0,1], per-channel (v − mean) / std, in its layout and channel order.</summary>
internal static class TensorFill
{
    public static void Fill(ReadOnlySpan<byte> rgbaPatches, int count, ManifestInput input, Span<float> destination)
    {
        var plane = input.Width * input.Height;
        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = 1f / (255f * input.Std[c]);
            offset[c] = -input.Mean[c] / input.Std[c];
        }

        for (var n = 0; n < count; n++)
        {
            var patch = rgbaPatches.Slice(n * plane * 4, plane * 4);
            var tensor = destination.Slice(n * plane * 3, plane * 3);
            for (var c = 0; c < 3; c++)
            {
                var sourceChannel = input.IsBgr ? 2 - c : c;
                var s = scale[c];
                var o = offset[c];
                if (input.IsNchw)
                {
                    var channelPlane = tensor.Slice(c * plane, plane);
                    for (var i = 0; i < plane; i++)
                    {
                        channelPlane[i] = (patch[(4 * i) + sourceChannel] * s) + o;
                    }
                }
                else
                {
                    for (var i = 0; i < plane; i++)
                    {
                        tensor[(3 * i) + c] = (patch[(4 * i) + sourceChannel] * s) + o;
                    }
                }
            }
        }
    }
}
