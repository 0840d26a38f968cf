using System.Runtime.InteropServices;
using LabelBridge.Embeddings.Import.Onnx;

namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>Turns a float ONNX model written by <see cref="OnnxGraphBuilder"/> into an int8 QDQ model: every Conv reads int8
/// weights quantized per output channel (symmetric), an int32 bias, and uint8 activations whose ranges are calibrated on
/// sample patches; residual Adds read and write uint8 activations too.</summary>
/// <remarks>
/// QDQ (QuantizeLinear/DequantizeLinear pairs around float operators) is what ONNX Runtime's CPU provider fuses into
/// QLinearConv/QLinearAdd at session start (graph optimisation level "extended" or above); the file stays runnable by any
/// ONNX runtime. Constant weight sub-graphs (the importer's uint8 Cast → Mul → Add dequantization) are folded first, so the
/// per-channel scales are taken over the real float weights. A Relu or Clip right after a quantized operator is kept; ONNX
/// Runtime drops it into the following QuantizeLinear when the calibrated range lies inside it. Everything else (pooling,
/// Flatten, the output) stays float.
/// </remarks>
public static class Int8Quantizer
{
    private static readonly HashSet<string> Foldable = new(StringComparer.Ordinal) { "Cast", "Mul", "Add", "Sub", "Div" };

    /// <summary>Quantizes <paramref name="floatModel"/>, calibrating activations on <paramref name="calibration"/> (batches laid
    /// out like the model's input). The same model and batches give the same bytes.</summary>
    public static byte[] Quantize(
        byte[] floatModel, IReadOnlyList<CalibrationBatch> calibration, Int8QuantizationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(floatModel);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        var content = OnnxModelReader.Read(floatModel);
        if (content.Inputs.Count != 1)
        {
            throw new NotSupportedException($"Only single-input models are quantized; this one has {content.Inputs.Count} inputs.");
        }

        var (nodes, constants) = FoldConstants(content);
        var plan = QuantizationPlan.For(nodes, constants);
        if (plan.Activations.Count == 0)
        {
            throw new NotSupportedException("The model has no Conv or Add to quantize.");
        }

        var instrumented = Write(content, nodes, constants, builder =>
        {
            foreach (var activation in plan.Activations)
            {
                builder.AddOutputOfUnknownShape(activation, OnnxElementType.Float);
            }
        });
        var ranges = ActivationCalibrator.Calibrate(instrumented, content.Inputs[0].Name, plan.Activations, calibration, options, cancellationToken);
        var patches = calibration.Sum(batch => batch.Shape[0]);
        var description = $"{content.Description} — int8 QDQ: per-channel symmetric int8 weights, uint8 activations calibrated "
            + $"({(options.Method == CalibrationMethod.MinMax ? "min-max" : $"{options.Percentile.ToString(System.Globalization.CultureInfo.InvariantCulture)} percentile")}) on {patches} patches";
        return new QdqWriter(content, nodes, constants, plan, ranges).Write(description.TrimStart(' ', '—'));
    }

    /// <summary>Evaluates nodes whose inputs are all constants (the importer's weight dequantization), dropping them.</summary>
    private static (List<OnnxNode> Nodes, Dictionary<string, OnnxTensor> Constants) FoldConstants(OnnxModelContent content)
    {
        var constants = content.Initializers.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var kept = new List<OnnxNode>();
        foreach (var node in content.Nodes)
        {
            if (Foldable.Contains(node.OpType) && node.Outputs.Length == 1 && node.Inputs.All(constants.ContainsKey)
                && TryFold(node, constants) is { } folded)
            {
                constants[node.Outputs[0]] = folded;
                continue;
            }

            kept.Add(node);
        }

        return (kept, constants);
    }

    private static OnnxTensor? TryFold(OnnxNode node, Dictionary<string, OnnxTensor> constants)
    {
        if (node.OpType == "Cast")
        {
            var source = constants[node.Inputs[0]];
            var to = node.Attributes.FirstOrDefault(a => a.Name == "to")?.IntValue;
            if (to != (long)OnnxElementType.Float || source.ElementType is not (OnnxElementType.UInt8 or OnnxElementType.Float))
            {
                return null;
            }

            var values = source.ElementType == OnnxElementType.UInt8 ? source.RawData.Select(b => (float)b).ToArray() : Floats(source);
            return Tensor(node.Outputs[0], values, source.Dims);
        }

        var left = constants[node.Inputs[0]];
        var right = constants[node.Inputs[1]];
        if (left.ElementType != OnnxElementType.Float || right.ElementType != OnnxElementType.Float)
        {
            return null;
        }

        var a = Floats(left);
        var b = Floats(right);
        if (a.Length != b.Length && a.Length != 1 && b.Length != 1)
        {
            return null;
        }

        var result = new float[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < result.Length; i++)
        {
            var x = a[a.Length == 1 ? 0 : i];
            var y = b[b.Length == 1 ? 0 : i];
            result[i] = node.OpType switch
            {
                "Mul" => x * y,
                "Add" => x + y,
                "Sub" => x - y,
                _ => x / y,
            };
        }

        return Tensor(node.Outputs[0], result, a.Length >= b.Length ? left.Dims : right.Dims);
    }

    internal static float[] Floats(OnnxTensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.RawData).ToArray();

    private static OnnxTensor Tensor(string name, float[] values, long[] dims) =>
        new(name, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Writes the folded float graph (plus whatever <paramref name="extend"/> adds): the calibration model.</summary>
    private static byte[] Write(
        OnnxModelContent content, IReadOnlyList<OnnxNode> nodes, Dictionary<string, OnnxTensor> constants, Action<OnnxGraphBuilder> extend)
    {
        var builder = new OnnxGraphBuilder(content.GraphName, content.OpsetVersion) { Description = content.Description };
        foreach (var input in content.Inputs)
        {
            builder.AddInput(input.Name, input.ElementType, input.Shape ?? []);
        }

        foreach (var name in UsedConstants(nodes, constants))
        {
            var tensor = constants[name];
            builder.AddRawInitializer(tensor.Name, tensor.ElementType, tensor.RawData, tensor.Dims);
        }

        foreach (var node in nodes)
        {
            builder.AddNode(node.OpType, node.Inputs, node.Outputs, node.Attributes);
        }

        foreach (var output in content.Outputs)
        {
            builder.AddOutput(output.Name, output.ElementType, output.Shape ?? []);
        }

        extend(builder);
        return builder.ToArray();
    }

    internal static IEnumerable<string> UsedConstants(IEnumerable<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxTensor> constants)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (constants.ContainsKey(input) && seen.Add(input))
                {
                    yield return input;
                }
            }
        }
    }
}
