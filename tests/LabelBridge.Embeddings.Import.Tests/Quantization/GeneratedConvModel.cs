using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Quantization;

namespace LabelBridge.Embeddings.Import.Tests.Quantization;

/// <summary>A small MobileNetV2-like float graph as the importer writes one: NHWC input transposed to NCHW, a Conv whose
/// weight is dequantized in the graph (uint8 → Cast → Mul → Add), Relu6 as Clip, a depthwise Conv, a linear 1×1 projection,
/// a residual Add and global-average pooling. Seeded weights.</summary>
internal static class GeneratedConvModel
{
    public const int Size = 16;

    public static byte[] Build(int seed)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder();
        builder.AddInput("input", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, Size, Size, 3);
        builder.AddNode("Transpose", ["input"], ["nchw"], OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        builder.AddInitializer("zero", [0f]);
        builder.AddInitializer("six", [6f]);

        // 3 → 8 channels, 3×3, weights stored as uint8 codes with a scale and a minimum.
        builder.AddInitializer("w1:q", Codes(random, 8 * 3 * 3 * 3), 8, 3, 3, 3);
        builder.AddInitializer("w1:scale", [0.01f]);
        builder.AddInitializer("w1:min", [-1.2f]);
        builder.AddNode("Cast", ["w1:q"], ["w1:f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        builder.AddNode("Mul", ["w1:f", "w1:scale"], ["w1:scaled"]);
        builder.AddNode("Add", ["w1:scaled", "w1:min"], ["w1"]);
        builder.AddInitializer("b1", Floats(random, 8, 0.2f), 8);
        Conv(builder, "nchw", "w1", "b1", "c1", group: 1, kernel: 3);
        builder.AddNode("Clip", ["c1", "zero", "six"], ["r1"]);

        builder.AddInitializer("w2", Floats(random, 8 * 1 * 3 * 3, 0.5f), 8, 1, 3, 3);
        builder.AddInitializer("b2", Floats(random, 8, 0.1f), 8);
        Conv(builder, "r1", "w2", "b2", "c2", group: 8, kernel: 3);
        builder.AddNode("Clip", ["c2", "zero", "six"], ["r2"]);

        builder.AddInitializer("w3", Floats(random, 8 * 8, 0.4f), 8, 8, 1, 1);
        builder.AddInitializer("b3", Floats(random, 8, 0.1f), 8);
        Conv(builder, "r2", "w3", "b3", "c3", group: 1, kernel: 1);
        builder.AddNode("Add", ["c3", "r1"], ["residual"]);

        builder.AddNode("GlobalAveragePool", ["residual"], ["gap"]);
        builder.AddNode("Flatten", ["gap"], ["flat"], OnnxAttribute.Int("axis", 1));
        builder.AddNode("Identity", ["flat"], ["embedding"]);
        builder.AddOutput("embedding", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 8);
        return builder.ToArray();
    }

    /// <summary><paramref name="batches"/> batches of 8 NHWC images in [0,1]: smooth gradients with noise, like photo patches.</summary>
    public static IReadOnlyList<CalibrationBatch> Images(int batches, int seed)
    {
        var random = new Random(seed);
        var list = new List<CalibrationBatch>();
        for (var b = 0; b < batches; b++)
        {
            var values = new float[8 * Size * Size * 3];
            for (var n = 0; n < 8; n++)
            {
                var (gx, gy, c0) = (random.NextSingle(), random.NextSingle(), random.NextSingle());
                for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                for (var c = 0; c < 3; c++)
                {
                    var v = (c0 * (c + 1) / 3f) + (gx * x / Size) + (gy * y / Size) + (0.1f * random.NextSingle());
                    values[(((((n * Size) + y) * Size) + x) * 3) + c] = Math.Clamp(v / 2f, 0f, 1f);
                }
            }

            list.Add(new CalibrationBatch(values, [8, Size, Size, 3]));
        }

        return list;
    }

    private static void Conv(OnnxGraphBuilder builder, string x, string w, string b, string output, int group, int kernel)
    {
        var pad = kernel / 2;
        builder.AddNode(
            "Conv",
            [x, w, b],
            [output],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", 1, 1),
            OnnxAttribute.Ints("dilations", 1, 1),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Int("group", group));
    }

    private static byte[] Codes(Random random, int count)
    {
        var codes = new byte[count];
        random.NextBytes(codes);
        return codes;
    }

    private static float[] Floats(Random random, int count, float spread)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ((2 * random.NextSingle()) - 1) * spread;
        }

        return values;
    }
}
