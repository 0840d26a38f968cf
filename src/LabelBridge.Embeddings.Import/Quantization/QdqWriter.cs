using LabelBridge.Embeddings.Import.Onnx;

namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>Writes the QDQ model: the folded float graph with QuantizeLinear after each planned activation's producer, one
/// DequantizeLinear per consumer (ONNX Runtime fuses a node unit only when its DequantizeLinear feeds it alone), and the
/// planned Convs reading per-channel int8 weights and int32 biases through DequantizeLinear.</summary>
internal sealed class QdqWriter(
    OnnxModelContent content,
    IReadOnlyList<OnnxNode> nodes,
    IReadOnlyDictionary<string, OnnxTensor> constants,
    QuantizationPlan plan,
    IReadOnlyDictionary<string, ActivationRange> ranges)
{
    private readonly OnnxGraphBuilder _builder = new(content.GraphName, content.OpsetVersion);
    private readonly HashSet<string> _quantized = new(plan.Activations, StringComparer.Ordinal);
    private readonly Dictionary<string, (string Output, float[] Scales)> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dequantized = new(StringComparer.Ordinal);

    public byte[] Write(string description)
    {
        _builder.Description = description;
        foreach (var input in content.Inputs)
        {
            _builder.AddInput(input.Name, input.ElementType, input.Shape ?? []);
        }

        // Constants read as they are: everything but the quantized Convs' weight and bias slots.
        var plain = nodes.Where((node, i) => !plan.Convs.Contains(i)).Concat(nodes.Where((node, i) => plan.Convs.Contains(i))
            .Select(node => node with { Inputs = [node.Inputs[0]] }));
        foreach (var name in Int8Quantizer.UsedConstants(plain, constants))
        {
            var tensor = constants[name];
            _builder.AddRawInitializer(tensor.Name, tensor.ElementType, tensor.RawData, tensor.Dims);
        }

        foreach (var input in content.Inputs.Where(i => _quantized.Contains(i.Name)))
        {
            Quantize(input.Name);
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var inputs = new string[node.Inputs.Length];
            for (var slot = 0; slot < inputs.Length; slot++)
            {
                var input = node.Inputs[slot];
                inputs[slot] = plan.Convs.Contains(i) && slot == 1 ? Weight(input).Output
                    : plan.Convs.Contains(i) && slot == 2 ? Bias(i, input, ranges[node.Inputs[0]].Scale, Weight(node.Inputs[1]).Scales)
                    : _quantized.Contains(input) ? Dequantize(input)
                    : input;
            }

            _builder.AddNode(node.OpType, inputs, node.Outputs, node.Attributes);
            foreach (var output in node.Outputs.Where(_quantized.Contains))
            {
                Quantize(output);
            }
        }

        foreach (var output in content.Outputs)
        {
            _builder.AddOutput(output.Name, output.ElementType, output.Shape ?? []);
        }

        return _builder.ToArray();
    }

    private void Quantize(string activation)
    {
        var range = ranges[activation];
        _builder.AddInitializer(activation + ":scale", [range.Scale]);
        _builder.AddInitializer(activation + ":zero_point", new byte[] { range.ZeroPoint });
        _builder.AddNode("QuantizeLinear", [activation, activation + ":scale", activation + ":zero_point"], [activation + ":q"]);
    }

    private string Dequantize(string activation)
    {
        var count = _dequantized.GetValueOrDefault(activation);
        _dequantized[activation] = count + 1;
        var output = $"{activation}:dq{count}";
        _builder.AddNode("DequantizeLinear", [activation + ":q", activation + ":scale", activation + ":zero_point"], [output]);
        return output;
    }

    /// <summary>Symmetric int8 per output channel (axis 0 of [O, I/group, kh, kw]): scale = max |w| / 127, zero point 0.</summary>
    private (string Output, float[] Scales) Weight(string name)
    {
        if (_weights.TryGetValue(name, out var done))
        {
            return done;
        }

        var tensor = constants[name];
        var values = Int8Quantizer.Floats(tensor);
        var channels = (int)tensor.Dims[0];
        var perChannel = values.Length / channels;
        var scales = new float[channels];
        var codes = new sbyte[values.Length];
        for (var o = 0; o < channels; o++)
        {
            var slice = values.AsSpan(o * perChannel, perChannel);
            var largest = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(slice);
            var scale = Math.Abs(largest) / 127f;
            scales[o] = scale > 0 && float.IsFinite(scale) ? scale : 1f;
            for (var j = 0; j < perChannel; j++)
            {
                codes[(o * perChannel) + j] = (sbyte)Math.Clamp(MathF.Round(slice[j] / scales[o], MidpointRounding.ToEven), -127, 127);
            }
        }

        _builder.AddInitializer(name + ":int8", codes, tensor.Dims);
        _builder.AddInitializer(name + ":scales", scales, channels);
        _builder.AddInitializer(name + ":zero_points", new sbyte[channels], channels);
        var output = name + ":dequantized";
        _builder.AddNode("DequantizeLinear", [name + ":int8", name + ":scales", name + ":zero_points"], [output], OnnxAttribute.Int("axis", 0));
        return _weights[name] = (output, scales);
    }

    /// <summary>An int32 bias at scale input scale × weight scale per channel, as QLinearConv adds it to the int32 accumulator.</summary>
    private string Bias(int convIndex, string name, float inputScale, float[] weightScales)
    {
        var values = Int8Quantizer.Floats(constants[name]);
        var scales = new float[values.Length];
        var codes = new int[values.Length];
        for (var o = 0; o < values.Length; o++)
        {
            scales[o] = inputScale * weightScales[o];
            codes[o] = (int)Math.Clamp(Math.Round(values[o] / (double)scales[o], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }

        var prefix = $"{name}:conv{convIndex}";
        _builder.AddInitializer(prefix + ":int32", codes, values.Length);
        _builder.AddInitializer(prefix + ":scales", scales, values.Length);
        _builder.AddInitializer(prefix + ":zero_points", new int[values.Length], values.Length);
        _builder.AddNode("DequantizeLinear", [prefix + ":int32", prefix + ":scales", prefix + ":zero_points"], [prefix + ":dequantized"], OnnxAttribute.Int("axis", 0));
        return prefix + ":dequantized";
    }
}
