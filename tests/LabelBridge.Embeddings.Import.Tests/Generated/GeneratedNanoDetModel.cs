using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelBridge.Embeddings.Import.Tests.Reference;

namespace LabelBridge.Embeddings.Import.Tests.Generated;

/// <summary>
/// A small graph shaped like NanoDet as the Human package ships it (PyTorch → ONNX → TF): an NCHW input, every convolution
/// wrapped in Transpose NCHW→NHWC / back, explicit asymmetric Pad, unfused Conv2D + Add bias, LeakyRelu 0.1, PadV2 with −inf
/// before a VALID MaxPool, ConcatV2 and SplitV on the channel axis; float16 weights and int32 constants in one .bin.
/// The same arithmetic is computed by <see cref="NhwcReference"/> and <see cref="NchwOps"/>.
/// </summary>
internal sealed class GeneratedNanoDetModel
{
    public const string CutNode = "backbone/Concat_9";
    public const int Height = 13;
    public const int Width = 11;
    private const float Alpha = 0.1f;

    private readonly Dictionary<string, ConvertedWeight> _weights = [];

    public GeneratedNanoDetModel(int seed)
    {
        var random = new Random(seed);
        Add(ConvertedWeight.RandomHalf(random, "stem/w", [3, 3, 3, 8], -0.5f, 0.5f));
        Add(ConvertedWeight.RandomHalf(random, "stem/b", [8], -0.3f, 0.3f));
        Add(ConvertedWeight.RandomHalf(random, "branch/w", [1, 1, 8, 4], -0.6f, 0.6f));
        Add(ConvertedWeight.RandomHalf(random, "branch/b", [4], -0.2f, 0.2f));
        Add(ConvertedWeight.Half("pool/pad_value", float.NegativeInfinity));
        Add(ConvertedWeight.Int32("stem/paddings", [4, 2], 0, 0, 0, 0, 1, 2, 1, 0));
        Add(ConvertedWeight.Int32("pool/paddings", [4, 2], 0, 0, 0, 0, 1, 1, 1, 1));
        Add(ConvertedWeight.Int32("to_nhwc", [4], 0, 2, 3, 1));
        Add(ConvertedWeight.Int32("to_nchw", [4], 0, 3, 1, 2));
        Add(ConvertedWeight.Int32("channel_axis", [], 1));
        Add(ConvertedWeight.Int32("split_sizes", [2], 4, -1));
    }

    public string WriteTo(string directory) => ConvertedPackageWriter.Write(directory, "nanodet", Topology(), [.. _weights.Values]);

    /// <summary>The cut's pooled embedding (batch × 12) and the full output, NCHW (batch × 12 × 4 × 3).</summary>
    public (float[] Embedding, float[] Output) Reference(float[] nchwInput, int batch)
    {
        var x = NchwOps.FromNchw(nchwInput, batch, 3, Height, Width);
        var padded = NchwOps.Pad(x, 1, 2, 1, 0, 0f);
        var stem = NchwOps.LeakyRelu(NhwcReference.Conv2D(padded, W("stem/w"), 3, 3, 8, W("stem/b"), 2, same: false), Alpha);
        var pooled = NchwOps.MaxPoolValid(NchwOps.Pad(stem, 1, 1, 1, 1, float.NegativeInfinity), 3, 2);
        var branch = NchwOps.LeakyRelu(NhwcReference.Conv2D(pooled, W("branch/w"), 1, 1, 4, W("branch/b"), 1, same: false), Alpha);
        var concat = NchwOps.ConcatChannels(branch, pooled);
        var swapped = NchwOps.ConcatChannels(NchwOps.SliceChannels(concat, 4, 8), NchwOps.SliceChannels(concat, 0, 4));
        return (NhwcReference.MeanOverSpace(concat), NchwOps.ToNchw(swapped));
    }

    private float[] W(string name) => _weights[name].Values!;

    private void Add(ConvertedWeight weight) => _weights[weight.Name] = weight;

    private string Topology()
    {
        var nodes = new List<object>
        {
            new { name = "input_1", op = "Placeholder", attr = new { shape = new { shape = new { dim = Dims(1, 3, 416, 416) } } } },
        };
        nodes.AddRange(_weights.Keys.Select(name => new { name, op = "Const" }));
        nodes.Add(Node("stem/Pad", "Pad", ["input_1", "stem/paddings"], new { }));
        nodes.Add(Node("stem/transpose", "Transpose", ["stem/Pad", "to_nhwc"], new { }));
        nodes.Add(Node("stem/convolution", "Conv2D", ["stem/transpose", "stem/w"], ConvAttr(2)));
        nodes.Add(Node("stem/Add", "Add", ["stem/convolution", "stem/b"], new { }));
        nodes.Add(Node("stem/transpose_1", "Transpose", ["stem/Add", "to_nchw"], new { }));
        nodes.Add(Node("stem/LeakyRelu", "LeakyRelu", ["stem/transpose_1"], new { alpha = new { f = Alpha } }));
        nodes.Add(Node("pool/PadV2", "PadV2", ["stem/LeakyRelu", "pool/paddings", "pool/pad_value"], new { }));
        nodes.Add(Node("pool/transpose", "Transpose", ["pool/PadV2", "to_nhwc"], new { }));
        nodes.Add(Node("pool/MaxPool2d", "MaxPool", ["pool/transpose"], new { ksize = Ints(1, 3, 3, 1), strides = Ints(1, 2, 2, 1), padding = S("VALID"), data_format = S("NHWC") }));
        nodes.Add(Node("pool/transpose_1", "Transpose", ["pool/MaxPool2d", "to_nchw"], new { }));
        nodes.Add(Node("branch/transpose", "Transpose", ["pool/transpose_1", "to_nhwc"], new { }));
        nodes.Add(Node("branch/convolution", "Conv2D", ["branch/transpose", "branch/w"], ConvAttr(1)));
        nodes.Add(Node("branch/Add", "Add", ["branch/convolution", "branch/b"], new { }));
        nodes.Add(Node("branch/transpose_1", "Transpose", ["branch/Add", "to_nchw"], new { }));
        nodes.Add(Node("branch/LeakyRelu", "LeakyRelu", ["branch/transpose_1"], new { alpha = new { f = Alpha } }));
        nodes.Add(Node(CutNode, "ConcatV2", ["branch/LeakyRelu", "pool/transpose_1", "channel_axis"], new { N = new { i = "2" } }));
        nodes.Add(Node("head/split", "SplitV", [CutNode, "split_sizes", "channel_axis"], new { num_split = new { i = "2" } }));
        nodes.Add(Node("head/concat", "ConcatV2", ["head/split:1", "head/split", "channel_axis"], new { N = new { i = "2" } }));
        nodes.Add(Node("Identity", "Identity", ["head/concat"], new { }));
        return JsonSerializer.Serialize(new { node = nodes, versions = new { producer = 808 } });
    }

    private static object Node(string name, string op, string[] input, object attr) => new { name, op, input, attr };

    private static object ConvAttr(int stride) => new
    {
        strides = Ints(1, stride, stride, 1),
        dilations = Ints(1, 1, 1, 1),
        padding = S("VALID"),
        data_format = S("NHWC"),
    };

    private static object[] Dims(params int[] sizes) => [.. sizes.Select(size => new { size = size.ToString(CultureInfo.InvariantCulture) })];

    private static object Ints(params int[] values) => new { list = new { i = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray() } };

    private static object S(string value) => new { s = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };
}
