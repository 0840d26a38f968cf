namespace LabelBridge.Embeddings.Import.Tests.Reference;

/// <summary>Reference loops for the ops of graphs converted from PyTorch (NanoDet) and of MobileNetV3, written from TF's
/// definitions on NHWC <see cref="Image"/>s, plus the NCHW ↔ NHWC conversions the comparisons need.</summary>
internal static class NchwOps
{
    public static Image FromNchw(float[] data, int batch, int channels, int height, int width)
    {
        var image = new Image(batch, height, width, channels);
        for (var n = 0; n < batch; n++)
        for (var c = 0; c < channels; c++)
        for (var h = 0; h < height; h++)
        for (var w = 0; w < width; w++)
        {
            image[n, h, w, c] = data[(((((n * channels) + c) * height) + h) * width) + w];
        }

        return image;
    }

    public static float[] ToNchw(Image x)
    {
        var data = new float[x.Data.Length];
        for (var n = 0; n < x.Batch; n++)
        for (var c = 0; c < x.Channels; c++)
        for (var h = 0; h < x.Height; h++)
        for (var w = 0; w < x.Width; w++)
        {
            data[(((((n * x.Channels) + c) * x.Height) + h) * x.Width) + w] = x[n, h, w, c];
        }

        return data;
    }

    public static Image Pad(Image x, int top, int bottom, int left, int right, float value)
    {
        var y = new Image(x.Batch, x.Height + top + bottom, x.Width + left + right, x.Channels);
        Array.Fill(y.Data, value);
        for (var n = 0; n < x.Batch; n++)
        for (var h = 0; h < x.Height; h++)
        for (var w = 0; w < x.Width; w++)
        for (var c = 0; c < x.Channels; c++)
        {
            y[n, h + top, w + left, c] = x[n, h, w, c];
        }

        return y;
    }

    public static Image MaxPoolValid(Image x, int window, int stride)
    {
        var outH = ((x.Height - window) / stride) + 1;
        var outW = ((x.Width - window) / stride) + 1;
        var y = new Image(x.Batch, outH, outW, x.Channels);
        for (var n = 0; n < x.Batch; n++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        for (var c = 0; c < x.Channels; c++)
        {
            var max = float.NegativeInfinity;
            for (var ky = 0; ky < window; ky++)
            for (var kx = 0; kx < window; kx++)
            {
                max = Math.Max(max, x[n, (oy * stride) + ky, (ox * stride) + kx, c]);
            }

            y[n, oy, ox, c] = max;
        }

        return y;
    }

    public static Image LeakyRelu(Image x, float alpha) => x.Map((value, _) => value >= 0 ? value : value * alpha);

    /// <summary>MobileNetV3's hard-swish as TF graphs spell it: x · relu6(x + 3) / 6.</summary>
    public static Image HardSwish(Image x) => x.Map((value, _) => value * Math.Clamp(value + 3f, 0f, 6f) * (1f / 6f));

    public static Image ConcatChannels(Image a, Image b)
    {
        var y = new Image(a.Batch, a.Height, a.Width, a.Channels + b.Channels);
        for (var n = 0; n < a.Batch; n++)
        for (var h = 0; h < a.Height; h++)
        for (var w = 0; w < a.Width; w++)
        {
            for (var c = 0; c < a.Channels; c++)
            {
                y[n, h, w, c] = a[n, h, w, c];
            }

            for (var c = 0; c < b.Channels; c++)
            {
                y[n, h, w, a.Channels + c] = b[n, h, w, c];
            }
        }

        return y;
    }

    public static Image SliceChannels(Image x, int start, int count)
    {
        var y = new Image(x.Batch, x.Height, x.Width, count);
        for (var n = 0; n < x.Batch; n++)
        for (var h = 0; h < x.Height; h++)
        for (var w = 0; w < x.Width; w++)
        for (var c = 0; c < count; c++)
        {
            y[n, h, w, c] = x[n, h, w, start + c];
        }

        return y;
    }

    /// <summary>Each pixel's channels times that image's per-channel gate (a squeeze-excite product).</summary>
    public static Image ScaleChannels(Image x, float[] gates) =>
        x.Map((value, c, index) => value * gates[((index / (x.Height * x.Width * x.Channels)) * x.Channels) + c]);
}
