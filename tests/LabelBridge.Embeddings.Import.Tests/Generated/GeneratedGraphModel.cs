using System.Text;
using System.Text.Json;
using LabelBridge.Embeddings.Import.Tests.Reference;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>
/// A small MobileNetV2-shaped tfjs graph model (same ops as nsfwjs' mobilenet_v2_mid: input scaling, fused conv with
/// BiasAdd+Relu6, fused depthwise at stride 1 and 2 with multiplier 2, residual AddV2, AvgPool, Squeeze, fused MatMul, Softmax)
/// with random uint8 weights, plus the same network computed by <see cref="NhwcReference"/>.
/// </summary>
internal sealed class GeneratedGraphModel
{
    public const string CutNode = "head/expand/Relu6";
    public const int Height = 13;
    public const int Width = 11;

    private readonly Dictionary<string, QuantizedWeight> _weights = [];

    public GeneratedGraphModel(int seed, bool float32Weights = false)
    {
        var random = new Random(seed);
        Add(new QuantizedWeight("pre/Mul/y", [], [0], 1f, 2f));
        Add(new QuantizedWeight("pre/Sub/y", [], [0], 1f, 1f));
        Add(QuantizedWeight.Random(random, "stem/w", [3, 3, 3, 8], -0.5f, 0.5f));
        Add(QuantizedWeight.Random(random, "stem/b", [8], -0.2f, 0.3f));
        Add(QuantizedWeight.Random(random, "block/dw_w", [3, 3, 8, 1], -0.6f, 0.6f));
        Add(QuantizedWeight.Random(random, "block/dw_b", [8], -0.2f, 0.2f));
        Add(QuantizedWeight.Random(random, "block/pw_w", [1, 1, 8, 8], -0.5f, 0.5f));
        Add(QuantizedWeight.Random(random, "block/pw_b", [8], -0.2f, 0.2f));
        Add(QuantizedWeight.Random(random, "down/w", [3, 3, 8, 2], -0.6f, 0.6f));
        Add(QuantizedWeight.Random(random, "down/b", [16], -0.1f, 0.2f));
        Add(QuantizedWeight.Random(random, "head/w", [1, 1, 16, 12], -0.5f, 0.5f));
        Add(QuantizedWeight.Random(random, "head/b", [12], -0.1f, 0.2f));
        Add(QuantizedWeight.Random(random, "logits/w", [12, 5], -1f, 1f));
        Add(QuantizedWeight.Random(random, "logits/b", [5], -0.3f, 0.3f));
        if (float32Weights)
        {
            foreach (var weight in _weights.Values.ToList())
            {
                Add(weight with { StoredAsFloat32 = true });
            }
        }
    }

    public string WriteTo(string directory) => TfjsPackageWriter.Write(directory, Topology(), [.. _weights.Values]);

    public (float[] Embedding, float[] Probabilities) Reference(Image input)
    {
        var pre = NhwcReference.Affine(input, W("pre/Mul/y")[0], W("pre/Sub/y")[0]);
        var stem = NhwcReference.Relu6(NhwcReference.Conv2D(pre, W("stem/w"), 3, 3, 8, W("stem/b"), 2, same: true));
        var dw = NhwcReference.Relu6(NhwcReference.DepthwiseConv2D(stem, W("block/dw_w"), 3, 3, 1, W("block/dw_b"), 1, same: true));
        var project = NhwcReference.Conv2D(dw, W("block/pw_w"), 1, 1, 8, W("block/pw_b"), 1, same: true);
        var residual = NhwcReference.Add(stem, project);
        var down = NhwcReference.Relu6(NhwcReference.DepthwiseConv2D(residual, W("down/w"), 3, 3, 2, W("down/b"), 2, same: true));
        var head = NhwcReference.Relu6(NhwcReference.Conv2D(down, W("head/w"), 1, 1, 12, W("head/b"), 1, same: true));
        var pooled = NhwcReference.MeanOverSpace(head);
        var logits = NhwcReference.Dense(pooled, input.Batch, W("logits/w"), W("logits/b"), 5);
        return (pooled, NhwcReference.Softmax(logits, input.Batch));
    }

    private float[] W(string name) => _weights[name].Values;

    private void Add(QuantizedWeight weight) => _weights[weight.Name] = weight;

    private string Topology()
    {
        var nodes = new List<object>
        {
            new { name = "input", op = "Placeholder", attr = new { shape = new { shape = new { dim = Dims(-1, Height, Width, 3) } } } },
        };
        nodes.AddRange(_weights.Keys.Select(name => new { name, op = "Const" }));
        nodes.Add(Node("pre/Mul", "Mul", ["pre/Mul/y", "input"], new { }));
        nodes.Add(Node("pre/Sub", "Sub", ["pre/Mul", "pre/Sub/y"], new { }));
        nodes.Add(Node("stem/Relu6", "_FusedConv2D", ["pre/Sub", "stem/w", "stem/b"], ConvAttr(2, "BiasAdd", "Relu6")));
        nodes.Add(Node("block/dw", "FusedDepthwiseConv2dNative", ["stem/Relu6", "block/dw_w", "block/dw_b"], ConvAttr(1, "BiasAdd", "Relu6")));
        nodes.Add(Node("block/project", "_FusedConv2D", ["block/dw", "block/pw_w", "block/pw_b"], ConvAttr(1, "BiasAdd")));
        nodes.Add(Node("block/add", "AddV2", ["stem/Relu6", "block/project:0"], new { }));
        nodes.Add(Node("down/dw", "FusedDepthwiseConv2dNative", ["block/add", "down/w", "down/b"], ConvAttr(2, "BiasAdd", "Relu6")));
        nodes.Add(Node(CutNode, "_FusedConv2D", ["down/dw", "head/w", "head/b"], ConvAttr(1, "BiasAdd", "Relu6")));
        nodes.Add(Node("head/pool", "AvgPool", [CutNode], new { ksize = Ints(1, 4, 3, 1), strides = Ints(1, 1, 1, 1), padding = S("VALID"), data_format = S("NHWC") }));
        nodes.Add(Node("head/squeeze", "Squeeze", ["head/pool"], new { squeeze_dims = Ints(1, 2) }));
        nodes.Add(Node("logits", "_FusedMatMul", ["head/squeeze", "logits/w", "logits/b"], new { transpose_a = new { b = false }, transpose_b = new { b = false }, fused_ops = Strings("BiasAdd") }));
        nodes.Add(Node("prob", "Softmax", ["logits"], new { }));
        nodes.Add(Node("Identity", "Identity", ["prob", "^pre/Mul"], new { }));
        return JsonSerializer.Serialize(new { node = nodes, versions = new { producer = 175 } });
    }

    private static object Node(string name, string op, string[] input, object attr) => new { name, op, input, attr };

    private static object ConvAttr(int stride, params string[] fused) => new
    {
        strides = Ints(1, stride, stride, 1),
        dilations = Ints(1, 1, 1, 1),
        padding = S("SAME"),
        data_format = S("NHWC"),
        fused_ops = Strings(fused),
        num_args = new { i = "1" },
    };

    private static object[] Dims(params int[] sizes) => [.. sizes.Select(size => new { size = size.ToString(System.Globalization.CultureInfo.InvariantCulture) })];

    private static object Ints(params int[] values) => new { list = new { i = values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() } };

    private static object S(string value) => new { s = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };

    private static object Strings(params string[] values) => new { list = new { s = values.Select(v => Convert.ToBase64String(Encoding.UTF8.GetBytes(v))).ToArray() } };
}
