using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelBridge.Embeddings.Import.Tests.Reference;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>
/// A small graph shaped like CenterNet's MobileNetV3 backbone as the Human package ships it: an NHWC input, a fused stem
/// followed by hard-swish spelled as TF's object-detection code writes it (x · relu6(x + 3) · 1/6: AddV2, Relu6, Mul, Mul), an
/// unfused DepthwiseConv2dNative + Add bias + Relu, a squeeze-excite gate (Mean over the spatial axes with keep_dims, two
/// 1×1 fused convolutions, hard-sigmoid relu6(x + 3) · 1/6, Mul by the gate), a projection and the block's residual
/// <c>expanded_conv/add</c>; the full graph ends in a Sigmoid of its spatial Mean. All weights float16 in one .bin.
/// The same arithmetic is computed by <see cref="NhwcReference"/> and <see cref="NchwOps"/>.
/// </summary>
internal sealed class GeneratedMobileNetV3Model
{
    public const string CutNode = "expanded_conv/add";
    public const int Height = 11;
    public const int Width = 9;

    private readonly Dictionary<string, ConvertedWeight> _weights = [];

    public GeneratedMobileNetV3Model(int seed)
    {
        var random = new Random(seed);
        Add(ConvertedWeight.RandomHalf(random, "stem/w", [3, 3, 3, 8], -0.8f, 0.8f));
        Add(ConvertedWeight.RandomHalf(random, "stem/b", [8], -0.5f, 0.5f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/depthwise/w", [3, 3, 8, 1], -0.7f, 0.7f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/depthwise/b", [8], -0.2f, 0.2f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/squeeze_excite/reduce/w", [1, 1, 8, 4], -0.9f, 0.9f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/squeeze_excite/reduce/b", [4], -0.2f, 0.3f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/squeeze_excite/expand/w", [1, 1, 4, 8], -0.9f, 0.9f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/squeeze_excite/expand/b", [8], -0.5f, 0.5f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/project/w", [1, 1, 8, 8], -0.6f, 0.6f));
        Add(ConvertedWeight.RandomHalf(random, "expanded_conv/project/b", [8], -0.2f, 0.2f));
        Add(ConvertedWeight.Half("three", 3f));
        // 1/6 is not exact in float16: the reference multiplies by what the file holds.
        Add(ConvertedWeight.Half("sixth", (float)(Half)(1f / 6f)));
        Add(ConvertedWeight.Int32("spatial_axes", [2], 1, 2));
    }

    public string WriteTo(string directory) => ConvertedPackageWriter.Write(directory, "centernet", Topology(), [.. _weights.Values]);

    /// <summary>The cut's pooled embedding (batch × 8) and the full output (batch × 8).</summary>
    public (float[] Embedding, float[] Output) Reference(Image input)
    {
        var sixth = W("sixth")[0];
        var stem = HardSwish(NhwcReference.Conv2D(input, W("stem/w"), 3, 3, 8, W("stem/b"), 2, same: true), sixth);
        var depthwise = NhwcReference.Relu(NhwcReference.DepthwiseConv2D(
            stem, W("expanded_conv/depthwise/w"), 3, 3, 1, W("expanded_conv/depthwise/b"), 1, same: true));
        var squeezed = NhwcReference.MeanOverSpace(depthwise);
        var reduced = NhwcReference.ReluRows(NhwcReference.Dense(
            squeezed, input.Batch, W("expanded_conv/squeeze_excite/reduce/w"), W("expanded_conv/squeeze_excite/reduce/b"), 4));
        var expanded = NhwcReference.Dense(
            reduced, input.Batch, W("expanded_conv/squeeze_excite/expand/w"), W("expanded_conv/squeeze_excite/expand/b"), 8);
        var gates = expanded.Select(value => Math.Clamp(value + 3f, 0f, 6f) * sixth).ToArray();
        var excited = NchwOps.ScaleChannels(depthwise, gates);
        var project = NhwcReference.Conv2D(excited, W("expanded_conv/project/w"), 1, 1, 8, W("expanded_conv/project/b"), 1, same: true);
        var pooled = NhwcReference.MeanOverSpace(NhwcReference.Add(stem, project));
        return (pooled, [.. pooled.Select(value => 1f / (1f + MathF.Exp(-value)))]);
    }

    /// <summary>x · relu6(x + 3) · 1/6 in the order the graph multiplies.</summary>
    private static Image HardSwish(Image x, float sixth) => x.Map((value, _) => value * Math.Clamp(value + 3f, 0f, 6f) * sixth);

    private float[] W(string name) => _weights[name].Values!;

    private void Add(ConvertedWeight weight) => _weights[weight.Name] = weight;

    private string Topology()
    {
        var nodes = new List<object>
        {
            new { name = "input_tensor", op = "Placeholder", attr = new { shape = new { shape = new { dim = Dims(1, 512, 512, 3) } } } },
        };
        nodes.AddRange(_weights.Keys.Select(name => new { name, op = "Const" }));
        nodes.Add(Node("stem/conv", "_FusedConv2D", ["input_tensor", "stem/w", "stem/b"], ConvAttr(2, "BiasAdd")));
        nodes.AddRange(HardSwishNodes("stem/hard_swish", "stem/conv"));
        nodes.Add(Node("expanded_conv/depthwise", "DepthwiseConv2dNative", ["stem/hard_swish/mul_1", "expanded_conv/depthwise/w"], ConvAttr(1)));
        nodes.Add(Node("expanded_conv/depthwise/BiasAdd", "Add", ["expanded_conv/depthwise", "expanded_conv/depthwise/b"], new { }));
        nodes.Add(Node("expanded_conv/depthwise/Relu", "Relu", ["expanded_conv/depthwise/BiasAdd"], new { }));
        nodes.Add(Node("expanded_conv/squeeze_excite/Mean", "Mean", ["expanded_conv/depthwise/Relu", "spatial_axes"], new { keep_dims = new { b = true } }));
        nodes.Add(Node("expanded_conv/squeeze_excite/Conv/Relu", "_FusedConv2D",
            ["expanded_conv/squeeze_excite/Mean", "expanded_conv/squeeze_excite/reduce/w", "expanded_conv/squeeze_excite/reduce/b"], ConvAttr(1, "BiasAdd", "Relu")));
        nodes.Add(Node("expanded_conv/squeeze_excite/Conv_1", "_FusedConv2D",
            ["expanded_conv/squeeze_excite/Conv/Relu", "expanded_conv/squeeze_excite/expand/w", "expanded_conv/squeeze_excite/expand/b"], ConvAttr(1, "BiasAdd")));
        nodes.Add(Node("expanded_conv/squeeze_excite/add", "AddV2", ["expanded_conv/squeeze_excite/Conv_1", "three"], new { }));
        nodes.Add(Node("expanded_conv/squeeze_excite/Relu6", "Relu6", ["expanded_conv/squeeze_excite/add"], new { }));
        nodes.Add(Node("expanded_conv/squeeze_excite/mul", "Mul", ["expanded_conv/squeeze_excite/Relu6", "sixth"], new { }));
        nodes.Add(Node("expanded_conv/squeeze_excite/mul_1", "Mul", ["expanded_conv/depthwise/Relu", "expanded_conv/squeeze_excite/mul"], new { }));
        nodes.Add(Node("expanded_conv/project", "_FusedConv2D",
            ["expanded_conv/squeeze_excite/mul_1", "expanded_conv/project/w", "expanded_conv/project/b"], ConvAttr(1, "BiasAdd")));
        nodes.Add(Node(CutNode, "AddV2", ["stem/hard_swish/mul_1", "expanded_conv/project"], new { }));
        nodes.Add(Node("head/Mean", "Mean", [CutNode, "spatial_axes"], new { keep_dims = new { b = false } }));
        nodes.Add(Node("head/Sigmoid", "Sigmoid", ["head/Mean"], new { }));
        nodes.Add(Node("Identity", "Identity", ["head/Sigmoid"], new { }));
        return JsonSerializer.Serialize(new { node = nodes, versions = new { producer = 1205 } });
    }

    private static IEnumerable<object> HardSwishNodes(string prefix, string x)
    {
        yield return Node(prefix + "/add", "AddV2", [x, "three"], new { });
        yield return Node(prefix + "/Relu6", "Relu6", [prefix + "/add"], new { });
        yield return Node(prefix + "/mul", "Mul", [x, prefix + "/Relu6"], new { });
        yield return Node(prefix + "/mul_1", "Mul", [prefix + "/mul", "sixth"], new { });
    }

    private static object Node(string name, string op, string[] input, object attr) => new { name, op, input, attr };

    private static object ConvAttr(int stride, params string[] fused) => new
    {
        strides = Ints(1, stride, stride, 1),
        dilations = Ints(1, 1, 1, 1),
        padding = S("SAME"),
        data_format = S("NHWC"),
        fused_ops = Strings(fused),
        num_args = new { i = fused.Length > 0 ? "1" : "0" },
    };

    private static object[] Dims(params int[] sizes) => [.. sizes.Select(size => new { size = size.ToString(CultureInfo.InvariantCulture) })];

    private static object Ints(params int[] values) => new { list = new { i = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray() } };

    private static object S(string value) => new { s = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };

    private static object Strings(params string[] values) => new { list = new { s = values.Select(v => Convert.ToBase64String(Encoding.UTF8.GetBytes(v))).ToArray() } };
}
