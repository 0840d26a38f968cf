using System.Text;
using System.Text.Json;
using LabelBridge.Embeddings.Import.Tfjs;

namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Translates a tfjs graph model (a frozen TF GraphDef) to ONNX, node by node from the chosen output backwards.</summary>
internal sealed class GraphModelTranslator
{
    private readonly TfjsModel _model;
    private readonly TfjsImportOptions _options;
    private readonly NchwGraphEmitter _emitter;
    private readonly Dictionary<string, JsonElement> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _translated = new(StringComparer.Ordinal);

    private GraphModelTranslator(TfjsModel model, TfjsImportOptions options, NchwGraphEmitter emitter)
    {
        _model = model;
        _options = options;
        _emitter = emitter;
        foreach (var node in model.Topology.GetProperty("node").EnumerateArray())
        {
            _nodes[node.GetProperty("name").GetString()!] = node;
        }
    }

    public static void Translate(TfjsModel model, TfjsImportOptions options, NchwGraphEmitter emitter)
    {
        var translator = new GraphModelTranslator(model, options, emitter);
        var last = options.CutAt is { } cut ? translator.FindNode(cut) : translator.FindFinalNode();
        var result = translator.Get(last);
        if (options.CutAt is null)
        {
            emitter.Output(result, options.OutputName);
        }
        else
        {
            emitter.Output(emitter.GlobalAveragePool(result), options.OutputName);
        }
    }

    private string FindNode(string cut)
    {
        var matches = _nodes.Keys.Where(name => name == cut || name.EndsWith("/" + cut, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ArgumentException($"The graph has no node named '{cut}'."),
            _ => throw new ArgumentException($"'{cut}' names {matches.Count} nodes; give more of the path."),
        };
    }

    private string FindFinalNode()
    {
        var consumed = _nodes.Values.SelectMany(Inputs).ToHashSet(StringComparer.Ordinal);
        var finals = _nodes.Keys.Where(name => !consumed.Contains(name) && Op(_nodes[name]) != "Const").ToList();
        return finals.Count == 1
            ? finals[0]
            : throw new InvalidDataException($"The graph has {finals.Count} final nodes; choose one with CutAt.");
    }

    private Tensor Get(string name)
    {
        if (_translated.TryGetValue(name, out var done))
        {
            return done;
        }

        // "node:i" is output i of a multi-output node (SplitV): translating the node registers every output.
        var colon = name.LastIndexOf(':');
        if (colon > 0)
        {
            Get(name[..colon]);
            return _translated.TryGetValue(name, out var output)
                ? output
                : throw new NotSupportedException($"'{name}' refers to an output the importer does not produce.");
        }

        if (!_nodes.TryGetValue(name, out var node))
        {
            throw new InvalidDataException($"The graph references a missing node '{name}'.");
        }

        var result = TranslateNode(node);
        _translated[name] = result;
        return result;
    }

    private Tensor TranslateNode(JsonElement node)
    {
        var op = Op(node);
        var inputs = Inputs(node).ToArray();
        switch (op)
        {
            case "Placeholder":
                return Input(node);
            case "Identity" or "StopGradient":
                return Get(inputs[0]);
            case "Add" or "AddV2" or "Sub" or "Mul" or "RealDiv" or "Maximum" or "Minimum":
                return Elementwise(op, inputs[0], inputs[1]);
            case "BiasAdd":
                var biased = Get(inputs[0]);
                return _emitter.Binary("Add", biased.Name, ConstFor(biased, inputs[1]), biased);
            case "LeakyRelu":
                return _emitter.LeakyRelu(Get(inputs[0]), TryAttr(node, "alpha", out var alpha) ? alpha.GetProperty("f").GetSingle() : 0.2f);
            case "Sigmoid":
                return _emitter.Activation(Get(inputs[0]), TfActivation.Sigmoid);
            case "Transpose":
                return Transpose(node, Get(inputs[0]), IntConst(inputs[1]));
            case "Pad" or "PadV2":
                return Pad(node, Get(inputs[0]), IntConst(inputs[1]), op == "PadV2" ? FloatConst(inputs[2]) : 0f);
            case "ConcatV2":
                var parts = inputs[..^1].Select(Get).ToList();
                return _emitter.Concat(parts, Image(parts[0], node).StoredAxis(IntConst(inputs[^1])[0]));
            case "SplitV":
                return SplitV(node, inputs);
            case "Mean":
                return Mean(node, Get(inputs[0]), IntConst(inputs[1]));
            case "Relu":
                return _emitter.Activation(Get(inputs[0]), TfActivation.Relu);
            case "Relu6":
                return _emitter.Activation(Get(inputs[0]), TfActivation.Relu6);
            case "Softmax":
                return _emitter.Activation(Get(inputs[0]), TfActivation.Softmax);
            case "Conv2D" or "_FusedConv2D":
                return Convolution(node, inputs, depthwise: false);
            case "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative":
                return Convolution(node, inputs, depthwise: true);
            case "AvgPool" or "MaxPool":
                var pooled = Get(inputs[0]);
                var (row, column) = SpatialAxes(node, pooled);
                var window = Ints(node, "ksize");
                var strides = Ints(node, "strides");
                var geometry = new ConvGeometry(strides[row], strides[column], 1, 1, TfPadding.Parse(String(node, "padding")));
                return _emitter.Pool(op == "AvgPool" ? "AveragePool" : "MaxPool", pooled, [window[row], window[column]], geometry);
            case "Squeeze":
                var squeezed = Get(inputs[0]);
                if (!squeezed.IsImage || squeezed.Height != 1 || squeezed.Width != 1 || !Ints(node, "squeeze_dims").SequenceEqual([1, 2]))
                {
                    throw new NotSupportedException($"Squeeze '{Name(node)}' is supported only over 1×1 spatial axes.");
                }

                return _emitter.FlattenChannelsLast(squeezed);
            case "MatMul" or "_FusedMatMul":
                return MatMul(node, inputs);
            default:
                throw new NotSupportedException($"TF op '{op}' (node '{Name(node)}') is not supported by the importer.");
        }
    }

    private Tensor Input(JsonElement node)
    {
        var dims = node.GetProperty("attr").GetProperty("shape").GetProperty("shape").GetProperty("dim").EnumerateArray()
            .Select(d => int.Parse(d.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        if (dims.Length != 4)
        {
            throw new NotSupportedException($"Input '{Name(node)}' has {dims.Length} dimensions; only 4-D images are supported.");
        }

        // A PyTorch-born graph declares [N,C,H,W]: few channels in axis 1 and a larger spatial size in axis 3.
        var channelsFirst = dims[1] is >= 1 and <= 4 && dims[3] > 4;
        return channelsFirst
            ? _emitter.ImageInput(TfjsImportOptions.InputName, _options.InputHeight, _options.InputWidth, dims[1], TfLayout.Nchw)
            : _emitter.ImageInput(TfjsImportOptions.InputName, _options.InputHeight, _options.InputWidth, dims[3]);
    }

    private static Tensor Transpose(JsonElement node, Tensor x, int[] perm)
    {
        var layout = (Image(x, node).Layout, perm) switch
        {
            (TfLayout.Nchw, [0, 2, 3, 1]) => TfLayout.Nhwc,
            (TfLayout.Nhwc, [0, 3, 1, 2]) => TfLayout.Nchw,
            (var same, [0, 1, 2, 3]) => same,
            _ => throw new NotSupportedException(
                $"Transpose '{Name(node)}' with perm [{string.Join(',', perm)}] of a {x.Layout} image is not supported (only NCHW ↔ NHWC)."),
        };

        // The stored tensor stays C,H,W; only the order the graph sees it in changes.
        return x with { Layout = layout };
    }

    private Tensor Pad(JsonElement node, Tensor x, int[] paddings, float value)
    {
        Image(x, node);
        var channel = x.Layout == TfLayout.Nchw ? 1 : 3;
        if (paddings.Length != 8 || paddings[0] != 0 || paddings[1] != 0 || paddings[channel * 2] != 0 || paddings[(channel * 2) + 1] != 0)
        {
            throw new NotSupportedException($"Pad '{Name(node)}' pads more than the two spatial axes.");
        }

        var row = x.Layout == TfLayout.Nchw ? 2 : 1;
        return _emitter.Pad(x, paddings[row * 2], paddings[(row * 2) + 1], paddings[(row + 1) * 2], paddings[((row + 1) * 2) + 1], value);
    }

    private Tensor SplitV(JsonElement node, string[] inputs)
    {
        var x = Image(Get(inputs[0]), node);
        var sizes = IntConst(inputs[1]);
        var storedAxis = x.StoredAxis(IntConst(inputs[2])[0]);
        var total = x.Dims[storedAxis - 1];
        var unknown = Array.IndexOf(sizes, -1);
        if (unknown >= 0)
        {
            sizes[unknown] = total - sizes.Where(size => size != -1).Sum();
        }

        if (sizes.Sum() != total)
        {
            throw new InvalidDataException($"SplitV '{Name(node)}' splits {total} into [{string.Join(',', sizes)}].");
        }

        var outputs = _emitter.Split(x, storedAxis, sizes);
        for (var i = 1; i < outputs.Count; i++)
        {
            _translated[$"{Name(node)}:{i}"] = outputs[i];
        }

        return outputs[0];
    }

    private Tensor Mean(JsonElement node, Tensor x, int[] axes)
    {
        Image(x, node);
        var stored = axes.Select(x.StoredAxis).Order().ToArray();
        return stored.SequenceEqual([2, 3])
            ? _emitter.SpatialMean(x, Bool(node, "keep_dims"))
            : throw new NotSupportedException($"Mean '{Name(node)}' over axes [{string.Join(',', axes)}] is supported only over both spatial axes.");
    }

    private static Tensor Image(Tensor x, JsonElement node) =>
        x.IsImage ? x : throw new NotSupportedException($"Node '{Name(node)}' needs a 4-D image input but gets a {x.Dims.Length + 1}-D value.");

    /// <summary>The TF attribute indices of the row and column axes (strides, ksize, dilations), checked against the input's layout.</summary>
    private static (int Row, int Column) SpatialAxes(JsonElement node, Tensor x)
    {
        var format = String(node, "data_format") ?? "NHWC";
        var expected = format switch
        {
            "NHWC" => TfLayout.Nhwc,
            "NCHW" => TfLayout.Nchw,
            _ => throw new NotSupportedException($"Node '{Name(node)}' uses data format {format}; only NHWC and NCHW are supported."),
        };
        if (Image(x, node).Layout != expected)
        {
            throw new NotSupportedException($"Node '{Name(node)}' reads its {x.Layout} input as {format}.");
        }

        return expected == TfLayout.Nhwc ? (1, 2) : (2, 3);
    }

    private Tensor Convolution(JsonElement node, string[] inputs, bool depthwise)
    {
        var x = Get(inputs[0]);
        var (row, column) = SpatialAxes(node, x);
        var kernel = Const(inputs[1]);
        var strides = Ints(node, "strides");
        var dilations = Ints(node, "dilations") is { Length: 4 } d ? d : [1, 1, 1, 1];
        var geometry = new ConvGeometry(strides[row], strides[column], dilations[row], dilations[column], TfPadding.Parse(String(node, "padding")));
        var (fusedBias, activation) = FusedOps(node, inputs);
        var bias = fusedBias is null ? null : _emitter.Weight(Const(fusedBias), WeightLayout.AsIs);
        int[] kernelShape = [kernel.Shape[0], kernel.Shape[1]];
        var result = depthwise
            ? _emitter.Conv(x, _emitter.Weight(kernel, WeightLayout.DepthwiseKernel), kernelShape, kernel.Shape[2] * kernel.Shape[3], bias, geometry, group: x.Channels)
            : _emitter.Conv(x, _emitter.Weight(kernel, WeightLayout.ConvKernel), kernelShape, kernel.Shape[3], bias, geometry, group: 1);
        return _emitter.Activation(result, activation);
    }

    private Tensor MatMul(JsonElement node, string[] inputs)
    {
        if (Bool(node, "transpose_a") || Bool(node, "transpose_b"))
        {
            throw new NotSupportedException($"MatMul '{Name(node)}' with transposed operands is not supported.");
        }

        var x = Get(inputs[0]);
        var kernel = Const(inputs[1]);
        var (fusedBias, activation) = FusedOps(node, inputs);
        var bias = fusedBias is null ? null : _emitter.Weight(Const(fusedBias), WeightLayout.AsIs);
        var product = _emitter.Gemm(x, _emitter.Weight(kernel, WeightLayout.AsIs), kernel.Shape[1], bias);
        return _emitter.Activation(product, activation);
    }

    private static (string? Bias, TfActivation Activation) FusedOps(JsonElement node, string[] inputs)
    {
        var fused = Strings(node, "fused_ops");
        if (fused.Length == 0)
        {
            return (null, TfActivation.Linear);
        }

        if (fused[0] != "BiasAdd" || fused.Length > 2 || inputs.Length != 3)
        {
            throw new NotSupportedException($"Fused ops [{string.Join(',', fused)}] of '{Name(node)}' are not supported (BiasAdd[, Relu|Relu6] only).");
        }

        var activation = fused.Length == 1 ? TfActivation.Linear : fused[1] switch
        {
            "Relu" => TfActivation.Relu,
            "Relu6" => TfActivation.Relu6,
            _ => throw new NotSupportedException($"Fused activation '{fused[1]}' of '{Name(node)}' is not supported."),
        };
        return (inputs[2], activation);
    }

    private Tensor Elementwise(string op, string left, string right)
    {
        var onnxOp = op switch
        {
            "AddV2" => "Add",
            "RealDiv" => "Div",
            "Maximum" => "Max",
            "Minimum" => "Min",
            _ => op,
        };
        var leftIsConst = IsConst(left);
        var rightIsConst = IsConst(right);
        if (leftIsConst && rightIsConst)
        {
            throw new NotSupportedException($"{op} of two constants ('{left}', '{right}') is not supported.");
        }

        // With two computed operands the larger one gives the result's shape (squeeze-excite: x × its per-channel gate).
        var tensor = leftIsConst ? Get(right) : rightIsConst ? Get(left) : Get(left).Length >= Get(right).Length ? Get(left) : Get(right);
        var leftName = leftIsConst ? ConstFor(tensor, left) : Get(left).Name;
        var rightName = rightIsConst ? ConstFor(tensor, right) : Get(right).Name;
        return _emitter.Binary(onnxOp, leftName, rightName, tensor);
    }

    /// <summary>How a constant operand lines up with a stored C,H,W image: a TF channel vector (last axis of an NHWC value) becomes
    /// [C,1,1]; an NCHW value's constants already broadcast as ONNX does.</summary>
    private static WeightLayout BroadcastLayout(Tensor other, TfjsWeight weight)
    {
        if (!other.IsImage || weight.Shape.Aggregate(1, (product, dim) => product * dim) == 1)
        {
            return WeightLayout.AsIs;
        }

        return (other.Layout, weight.Shape) switch
        {
            (TfLayout.Nhwc, [_]) or (TfLayout.Nhwc, [1, 1, 1, _]) => WeightLayout.ChannelVector,
            (TfLayout.Nchw, [1, _, 1, 1]) or (TfLayout.Nchw, [_, 1, 1]) => WeightLayout.AsIs,
            _ => throw new NotSupportedException(
                $"Constant '{weight.Name}' of shape [{string.Join(',', weight.Shape)}] does not broadcast per channel over a {other.Layout} image."),
        };
    }

    private string ConstFor(Tensor other, string name)
    {
        var weight = Const(name);
        return _emitter.Weight(weight, BroadcastLayout(other, weight));
    }

    private bool IsConst(string name) => _nodes.TryGetValue(name, out var node) && Op(node) == "Const";

    private TfjsWeight Const(string name) =>
        IsConst(name) ? _model.Weight(name) : throw new NotSupportedException($"'{name}' must be a constant weight here.");

    private int[] IntConst(string name) =>
        Const(name).IntValues is { } values ? (int[])values.Clone() : throw new NotSupportedException($"'{name}' must be an int32 constant here.");

    private float FloatConst(string name) => Const(name) switch
    {
        { FloatValues: [var value] } => value,
        { QuantizedValues: [var code], Scale: var scale, Min: var min } => (code * scale) + min,
        _ => throw new NotSupportedException($"'{name}' must be a float scalar constant here."),
    };

    private static IEnumerable<string> Inputs(JsonElement node)
    {
        if (!node.TryGetProperty("input", out var inputs))
        {
            yield break;
        }

        foreach (var input in inputs.EnumerateArray())
        {
            var name = input.GetString()!;
            if (name.StartsWith('^'))
            {
                continue;
            }

            var colon = name.LastIndexOf(':');
            yield return colon > 0 && name[(colon + 1)..] == "0" ? name[..colon] : name;
        }
    }

    private static string Op(JsonElement node) => node.GetProperty("op").GetString()!;

    private static string Name(JsonElement node) => node.GetProperty("name").GetString()!;

    private static bool TryAttr(JsonElement node, string name, out JsonElement value)
    {
        value = default;
        return node.TryGetProperty("attr", out var attrs) && attrs.TryGetProperty(name, out value);
    }

    private static int[] Ints(JsonElement node, string name) =>
        TryAttr(node, name, out var attr) && attr.TryGetProperty("list", out var list) && list.TryGetProperty("i", out var values)
            ? values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
                ? int.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                : v.GetInt32()).ToArray()
            : [];

    private static string[] Strings(JsonElement node, string name) =>
        TryAttr(node, name, out var attr) && attr.TryGetProperty("list", out var list) && list.TryGetProperty("s", out var values)
            ? values.EnumerateArray().Select(v => Encoding.UTF8.GetString(v.GetBytesFromBase64())).ToArray()
            : [];

    private static string? String(JsonElement node, string name) =>
        TryAttr(node, name, out var attr) && attr.TryGetProperty("s", out var value)
            ? Encoding.UTF8.GetString(value.GetBytesFromBase64())
            : null;

    private static bool Bool(JsonElement node, string name) =>
        TryAttr(node, name, out var attr) && attr.TryGetProperty("b", out var value) && value.GetBoolean();
}
