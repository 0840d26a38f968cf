using LabelBridge.Embeddings.Import.Onnx;

namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>Which activations get a QuantizeLinear/DequantizeLinear pair and which Convs get int8 weights.</summary>
/// <param name="Activations">Tensors quantized where they are produced, in graph order: every input of a quantized operator
/// and its output (after a Relu/Clip that is its only consumer, so the activation folds into the quantized operator).</param>
/// <param name="Convs">Indices of the Conv nodes whose weight (and bias) become int8 (int32) initializers.</param>
internal sealed record QuantizationPlan(IReadOnlyList<string> Activations, IReadOnlySet<int> Convs)
{
    public static QuantizationPlan For(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxTensor> constants)
    {
        var consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        var activations = new List<string>();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var convs = new HashSet<int>();
        void Add(string name)
        {
            if (chosen.Add(name))
            {
                activations.Add(name);
            }
        }

        string AfterActivation(string output) =>
            consumers.TryGetValue(output, out var list) && list is [{ OpType: "Relu" or "Clip" } activation]
                && activation.Inputs.Skip(1).All(constants.ContainsKey)
                ? activation.Outputs[0]
                : output;

        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            switch (node.OpType)
            {
                case "Conv" when node.Inputs.Length >= 2 && constants.TryGetValue(node.Inputs[1], out var weight)
                    && weight.ElementType == OnnxElementType.Float && weight.Dims.Length == 4
                    && !constants.ContainsKey(node.Inputs[0])
                    && (node.Inputs.Length < 3 || constants.TryGetValue(node.Inputs[2], out var bias) && bias.ElementType == OnnxElementType.Float):
                    convs.Add(i);
                    Add(node.Inputs[0]);
                    Add(AfterActivation(node.Outputs[0]));
                    break;
                case "Add" when node.Inputs.Length == 2 && !node.Inputs.Any(constants.ContainsKey):
                    Add(node.Inputs[0]);
                    Add(node.Inputs[1]);
                    Add(AfterActivation(node.Outputs[0]));
                    break;
            }
        }

        // Emitted where produced, so order them as the graph produces them (the input first).
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs)
            {
                order[output] = i;
            }
        }

        return new QuantizationPlan([.. activations.OrderBy(a => order.GetValueOrDefault(a, -1))], convs);
    }
}
