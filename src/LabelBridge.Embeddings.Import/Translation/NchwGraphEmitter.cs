using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Emits ONNX operators for TensorFlow semantics, keeping every image tensor in NCHW with a dynamic batch.</summary>
/// <remarks>
/// Quantized weights stay uint8 in the file and are dequantized in-graph (Cast → Mul → Add), which keeps the ONNX file as small
/// as the package; ONNX Runtime folds these constants once at session start.
/// </remarks>
internal sealed class NchwGraphEmitter(OnnxGraphBuilder builder)
{
    private readonly Dictionary<(string, WeightLayout), string> _weights = [];
    private readonly Dictionary<float, string> _scalars = [];
    private int _counter;

    public OnnxGraphBuilder Builder { get; } = builder;

    /// <summary>The image input in the layout the TF graph declares: an NHWC input is transposed once into the stored NCHW,
    /// an NCHW input (graphs converted from PyTorch) is stored as it comes.</summary>
    public Tensor ImageInput(string name, int height, int width, int channels, TfLayout layout = TfLayout.Nhwc)
    {
        if (layout == TfLayout.Nchw)
        {
            Builder.AddInput(name, OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, channels, height, width);
            return new Tensor(name, [channels, height, width]) { Layout = TfLayout.Nchw };
        }

        Builder.AddInput(name, OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, height, width, channels);
        var output = Next("nchw");
        Builder.AddNode("Transpose", [name], [output], OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        return new Tensor(output, [channels, height, width]);
    }

    public string Weight(TfjsWeight weight, WeightLayout layout)
    {
        if (_weights.TryGetValue((weight.Name, layout), out var existing))
        {
            return existing;
        }

        var (perm, dims) = WeightArrangement.For(weight.Shape, layout);
        var name = $"{weight.Name}:{layout}";
        if (weight.QuantizedValues is { } codes)
        {
            Builder.AddInitializer(name + ":q", WeightArrangement.Permute(codes, weight.Shape, perm), dims);
            Builder.AddNode("Cast", [name + ":q"], [name + ":f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            Builder.AddNode("Mul", [name + ":f", Scalar(weight.Scale)], [name + ":scaled"]);
            Builder.AddNode("Add", [name + ":scaled", Scalar(weight.Min)], [name]);
        }
        else
        {
            Builder.AddInitializer(name, WeightArrangement.Permute(weight.FloatValues!, weight.Shape, perm), dims);
        }

        _weights[(weight.Name, layout)] = name;
        return name;
    }

    public string Constant(float[] values, params long[] dims)
    {
        var name = Next("const");
        Builder.AddInitializer(name, values, dims);
        return name;
    }

    public Tensor Conv(Tensor x, string kernel, int[] kernelShape, int outChannels, string? bias, ConvGeometry geometry, int group)
    {
        var (top, bottom, height) = TfPadding.Resolve(geometry.Padding, x.Height, kernelShape[0], geometry.StrideH, geometry.DilationH);
        var (left, right, width) = TfPadding.Resolve(geometry.Padding, x.Width, kernelShape[1], geometry.StrideW, geometry.DilationW);
        var output = Next("conv");
        Builder.AddNode(
            "Conv",
            bias is null ? [x.Name, kernel] : [x.Name, kernel, bias],
            [output],
            OnnxAttribute.Ints("kernel_shape", kernelShape[0], kernelShape[1]),
            OnnxAttribute.Ints("strides", geometry.StrideH, geometry.StrideW),
            OnnxAttribute.Ints("dilations", geometry.DilationH, geometry.DilationW),
            OnnxAttribute.Ints("pads", top, left, bottom, right),
            OnnxAttribute.Int("group", group));
        return x with { Name = output, Dims = [outChannels, height, width] };
    }

    public Tensor Pool(string opType, Tensor x, int[] window, ConvGeometry geometry)
    {
        var (top, bottom, height) = TfPadding.Resolve(geometry.Padding, x.Height, window[0], geometry.StrideH, 1);
        var (left, right, width) = TfPadding.Resolve(geometry.Padding, x.Width, window[1], geometry.StrideW, 1);
        var output = Next("pool");
        Builder.AddNode(
            opType,
            [x.Name],
            [output],
            OnnxAttribute.Ints("kernel_shape", window[0], window[1]),
            OnnxAttribute.Ints("strides", geometry.StrideH, geometry.StrideW),
            OnnxAttribute.Ints("pads", top, left, bottom, right));
        return x with { Name = output, Dims = [x.Channels, height, width] };
    }

    public Tensor Pad(Tensor x, int top, int bottom, int left, int right, float value = 0f)
    {
        var pads = Next("pads");
        Builder.AddInitializer(pads, [0L, 0, top, left, 0, 0, bottom, right], 8);
        var output = Next("pad");
        Builder.AddNode("Pad", value == 0f ? [x.Name, pads] : [x.Name, pads, Scalar(value)], [output]);
        return x with { Name = output, Dims = [x.Channels, x.Height + top + bottom, x.Width + left + right] };
    }

    public Tensor LeakyRelu(Tensor x, float alpha)
    {
        var output = Next("leakyrelu");
        Builder.AddNode("LeakyRelu", [x.Name], [output], OnnxAttribute.Float("alpha", alpha));
        return x with { Name = output };
    }

    /// <summary>Concatenates images along stored axis <paramref name="storedAxis"/> (1 = channels, 2 = rows, 3 = columns).</summary>
    public Tensor Concat(IReadOnlyList<Tensor> parts, int storedAxis)
    {
        var dims = (int[])parts[0].Dims.Clone();
        dims[storedAxis - 1] = parts.Sum(p => p.Dims[storedAxis - 1]);
        var output = Next("concat");
        Builder.AddNode("Concat", [.. parts.Select(p => p.Name)], [output], OnnxAttribute.Int("axis", storedAxis));
        return parts[0] with { Name = output, Dims = dims };
    }

    /// <summary>Splits an image along stored axis <paramref name="storedAxis"/> into pieces of the given sizes.</summary>
    public IReadOnlyList<Tensor> Split(Tensor x, int storedAxis, IReadOnlyList<int> sizes)
    {
        var split = Next("split_sizes");
        Builder.AddInitializer(split, sizes.Select(size => (long)size).ToArray(), sizes.Count);
        var outputs = sizes.Select(_ => Next("split")).ToArray();
        Builder.AddNode("Split", [x.Name, split], outputs, OnnxAttribute.Int("axis", storedAxis));
        return [.. outputs.Select((name, i) =>
        {
            var dims = (int[])x.Dims.Clone();
            dims[storedAxis - 1] = sizes[i];
            return x with { Name = name, Dims = dims };
        })];
    }

    /// <summary>TF <c>Mean</c> over both spatial axes: the per-channel average, kept as a 1×1 image or flattened.</summary>
    public Tensor SpatialMean(Tensor x, bool keepDims)
    {
        var pooled = Next("mean");
        Builder.AddNode("GlobalAveragePool", [x.Name], [pooled]);
        if (keepDims)
        {
            return x with { Name = pooled, Dims = [x.Channels, 1, 1] };
        }

        var output = Next("flat");
        Builder.AddNode("Flatten", [pooled], [output], OnnxAttribute.Int("axis", 1));
        return new Tensor(output, [x.Channels]);
    }

    public Tensor BatchNormalization(Tensor x, string scale, string bias, string mean, string variance, float epsilon)
    {
        var output = Next("bn");
        Builder.AddNode("BatchNormalization", [x.Name, scale, bias, mean, variance], [output], OnnxAttribute.Float("epsilon", epsilon));
        return x with { Name = output };
    }

    public Tensor Activation(Tensor x, TfActivation activation)
    {
        switch (activation)
        {
            case TfActivation.Linear:
                return x;
            case TfActivation.Relu6:
                return Unary("Clip", x, Scalar(0f), Scalar(6f));
            case TfActivation.Softmax:
                var softmax = Next("softmax");
                Builder.AddNode("Softmax", [x.Name], [softmax], OnnxAttribute.Int("axis", -1));
                return x with { Name = softmax };
            default:
                return Unary(activation.ToString(), x);
        }
    }

    public Tensor ClipAbove(Tensor x, float max) => Unary("Clip", x, Scalar(0f), Scalar(max));

    /// <summary>An element-wise operator whose result has the shape and layout of <paramref name="result"/> (the broadcast shape).</summary>
    public Tensor Binary(string opType, string left, string right, Tensor result)
    {
        var output = Next(opType.ToLowerInvariant());
        Builder.AddNode(opType, [left, right], [output]);
        return result with { Name = output };
    }

    public Tensor Gemm(Tensor x, string kernel, int units, string? bias)
    {
        var output = Next("gemm");
        Builder.AddNode("Gemm", bias is null ? [x.Name, kernel] : [x.Name, kernel, bias], [output]);
        return new Tensor(output, [units]);
    }

    /// <summary>Flattens like TF does on NHWC data, so dense kernels trained on TF's order still line up.</summary>
    public Tensor FlattenChannelsLast(Tensor x)
    {
        var source = x.Name;
        if (x.IsImage && x.Height * x.Width > 1)
        {
            source = Next("nhwc");
            Builder.AddNode("Transpose", [x.Name], [source], OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        }

        var output = Next("flat");
        Builder.AddNode("Flatten", [source], [output], OnnxAttribute.Int("axis", 1));
        return new Tensor(output, [x.Length]);
    }

    public Tensor GlobalAveragePool(Tensor x)
    {
        var pooled = Next("gap");
        Builder.AddNode("GlobalAveragePool", [x.Name], [pooled]);
        var output = Next("flat");
        Builder.AddNode("Flatten", [pooled], [output], OnnxAttribute.Int("axis", 1));
        return new Tensor(output, [x.Channels]);
    }

    public void Output(Tensor x, string outputName)
    {
        Builder.AddNode("Identity", [x.Name], [outputName]);
        Builder.AddOutput(outputName, OnnxElementType.Float, [OnnxGraphBuilder.DynamicDimension, .. x.Dims.Select(d => (long)d)]);
    }

    private Tensor Unary(string opType, Tensor x, params string[] extraInputs)
    {
        var output = Next(opType.ToLowerInvariant());
        Builder.AddNode(opType, [x.Name, .. extraInputs], [output]);
        return x with { Name = output };
    }

    private string Scalar(float value)
    {
        if (!_scalars.TryGetValue(value, out var name))
        {
            name = Next("scalar");
            Builder.AddInitializer(name, [value]);
            _scalars[value] = name;
        }

        return name;
    }

    private string Next(string hint) => $"{hint}_{_counter++}";
}
