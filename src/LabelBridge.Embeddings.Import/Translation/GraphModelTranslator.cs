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
                var shape = node.GetProperty("attr").GetProperty("shape").GetProperty("shape").GetProperty("dim");
                var channels = int.Parse(shape[3].GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                return _emitter.ImageInput(TfjsImportOptions.InputName, _options.InputHeight, _options.InputWidth, channels);
            case "Identity" or "StopGradient":
                return Get(inputs[0]);
            case "Add" or "AddV2" or "Sub" or "Mul" or "RealDiv" or "Maximum" or "Minimum":
                return Elementwise(op, inputs[0], inputs[1]);
            case "BiasAdd":
                var biased = Get(inputs[0]);
                return _emitter.Binary("Add", biased.Name, ConstFor(biased, inputs[1]), biased.Dims);
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
                var window = Ints(node, "ksize");
                var strides = Ints(node, "strides");
                var geometry = new ConvGeometry(strides[1], strides[2], 1, 1, TfPadding.Parse(String(node, "padding")));
                return _emitter.Pool(op == "AvgPool" ? "AveragePool" : "MaxPool", Get(inputs[0]), [window[1], window[2]], geometry);
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

    private Tensor Convolution(JsonElement node, string[] inputs, bool depthwise)
    {
        if (String(node, "data_format") is { } format && format != "NHWC")
        {
            throw new NotSupportedException($"Node '{Name(node)}' uses data format {format}; only NHWC is supported.");
        }

        var x = Get(inputs[0]);
        var kernel = Const(inputs[1]);
        var strides = Ints(node, "strides");
        var dilations = Ints(node, "dilations") is { Length: 4 } d ? d : [1, 1, 1, 1];
        var geometry = new ConvGeometry(strides[1], strides[2], dilations[1], dilations[2], TfPadding.Parse(String(node, "padding")));
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

        var tensor = leftIsConst ? Get(right) : Get(left);
        var leftName = leftIsConst ? ConstFor(tensor, left) : Get(left).Name;
        var rightName = rightIsConst ? ConstFor(tensor, right) : Get(right).Name;
        return _emitter.Binary(onnxOp, leftName, rightName, tensor.Dims);
    }

    private static WeightLayout BroadcastLayout(Tensor other, TfjsWeight weight) =>
        weight.Shape.Length == 1 && other.IsImage ? WeightLayout.ChannelVector : WeightLayout.AsIs;

    private string ConstFor(Tensor other, string name)
    {
        var weight = Const(name);
        return _emitter.Weight(weight, BroadcastLayout(other, weight));
    }

    private bool IsConst(string name) => _nodes.TryGetValue(name, out var node) && Op(node) == "Const";

    private TfjsWeight Const(string name) =>
        IsConst(name) ? _model.Weight(name) : throw new NotSupportedException($"'{name}' must be a constant weight here.");

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
