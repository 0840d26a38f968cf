namespace LabelBridge.Embeddings.Import.Tests.Reference;

/// <summary>
/// Straightforward NHWC loops for the TF ops the importer translates, written from TF's definitions and sharing no code with
/// the importer: the independent side of every numeric comparison.
/// </summary>
internal static class NhwcReference
{
    public static Image Conv2D(Image x, float[] kernelHwio, int kh, int kw, int outChannels, float[]? bias, int stride, bool same)
    {
        var (outH, padTop) = Window(x.Height, kh, stride, same);
        var (outW, padLeft) = Window(x.Width, kw, stride, same);
        var y = new Image(x.Batch, outH, outW, outChannels);
        for (var n = 0; n < x.Batch; n++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        for (var o = 0; o < outChannels; o++)
        {
            double sum = bias?[o] ?? 0;
            for (var ky = 0; ky < kh; ky++)
            for (var kx = 0; kx < kw; kx++)
            {
                var iy = (oy * stride) + ky - padTop;
                var ix = (ox * stride) + kx - padLeft;
                if (iy < 0 || ix < 0 || iy >= x.Height || ix >= x.Width)
                {
                    continue;
                }

                for (var i = 0; i < x.Channels; i++)
                {
                    sum += x[n, iy, ix, i] * kernelHwio[(((ky * kw) + kx) * x.Channels + i) * outChannels + o];
                }
            }

            y[n, oy, ox, o] = (float)sum;
        }

        return y;
    }

    public static Image DepthwiseConv2D(Image x, float[] kernelHwcm, int kh, int kw, int multiplier, float[]? bias, int stride, bool same)
    {
        var (outH, padTop) = Window(x.Height, kh, stride, same);
        var (outW, padLeft) = Window(x.Width, kw, stride, same);
        var y = new Image(x.Batch, outH, outW, x.Channels * multiplier);
        for (var n = 0; n < x.Batch; n++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        for (var c = 0; c < x.Channels; c++)
        for (var m = 0; m < multiplier; m++)
        {
            var o = (c * multiplier) + m;
            double sum = bias?[o] ?? 0;
            for (var ky = 0; ky < kh; ky++)
            for (var kx = 0; kx < kw; kx++)
            {
                var iy = (oy * stride) + ky - padTop;
                var ix = (ox * stride) + kx - padLeft;
                if (iy >= 0 && ix >= 0 && iy < x.Height && ix < x.Width)
                {
                    sum += x[n, iy, ix, c] * kernelHwcm[(((ky * kw) + kx) * x.Channels + c) * multiplier + m];
                }
            }

            y[n, oy, ox, o] = (float)sum;
        }

        return y;
    }

    /// <summary>TF: SAME gives ceil(in/stride) outputs and puts the odd padding pixel at the end; VALID pads nothing.</summary>
    private static (int Output, int PadBefore) Window(int input, int kernel, int stride, bool same)
    {
        if (!same)
        {
            return (((input - kernel) / stride) + 1, 0);
        }

        var output = (int)Math.Ceiling(input / (double)stride);
        var needed = Math.Max(((output - 1) * stride) + kernel - input, 0);
        return (output, needed / 2);
    }

    public static Image ZeroPad(Image x, int top, int bottom, int left, int right)
    {
        var y = new Image(x.Batch, x.Height + top + bottom, x.Width + left + right, x.Channels);
        for (var n = 0; n < x.Batch; n++)
        for (var h = 0; h < x.Height; h++)
        for (var w = 0; w < x.Width; w++)
        for (var c = 0; c < x.Channels; c++)
        {
            y[n, h + top, w + left, c] = x[n, h, w, c];
        }

        return y;
    }

    public static Image BatchNorm(Image x, float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) =>
        x.Map((value, c) => ((value - mean[c]) / MathF.Sqrt(variance[c] + epsilon) * gamma[c]) + beta[c]);

    public static Image Relu6(Image x) => x.Map((value, _) => Math.Clamp(value, 0f, 6f));

    public static Image Relu(Image x) => x.Map((value, _) => Math.Max(value, 0f));

    public static Image Add(Image a, Image b) => a.Map((value, _, index) => value + b.Data[index]);

    public static Image Affine(Image x, float multiply, float subtract) => x.Map((value, _) => (value * multiply) - subtract);

    /// <summary>Valid average pooling over a window of the whole image: one value per channel.</summary>
    public static float[] MeanOverSpace(Image x)
    {
        var result = new float[x.Batch * x.Channels];
        for (var n = 0; n < x.Batch; n++)
        for (var c = 0; c < x.Channels; c++)
        {
            double sum = 0;
            for (var h = 0; h < x.Height; h++)
            for (var w = 0; w < x.Width; w++)
            {
                sum += x[n, h, w, c];
            }

            result[(n * x.Channels) + c] = (float)(sum / (x.Height * x.Width));
        }

        return result;
    }

    /// <summary>Rows of <paramref name="x"/> (batch × in) times a [in, out] kernel plus bias.</summary>
    public static float[] Dense(float[] x, int batch, float[] kernel, float[] bias, int units)
    {
        var inputs = x.Length / batch;
        var y = new float[batch * units];
        for (var n = 0; n < batch; n++)
        for (var u = 0; u < units; u++)
        {
            double sum = bias[u];
            for (var i = 0; i < inputs; i++)
            {
                sum += x[(n * inputs) + i] * kernel[(i * units) + u];
            }

            y[(n * units) + u] = (float)sum;
        }

        return y;
    }

    public static float[] Softmax(float[] x, int batch)
    {
        var width = x.Length / batch;
        var y = new float[x.Length];
        for (var n = 0; n < batch; n++)
        {
            var row = x.AsSpan(n * width, width);
            var max = row.ToArray().Max();
            double total = 0;
            foreach (var value in row)
            {
                total += Math.Exp(value - max);
            }

            for (var i = 0; i < width; i++)
            {
                y[(n * width) + i] = (float)(Math.Exp(row[i] - max) / total);
            }
        }

        return y;
    }

    public static float[] ReluRows(float[] x) => x.Select(v => Math.Max(v, 0f)).ToArray();
}
