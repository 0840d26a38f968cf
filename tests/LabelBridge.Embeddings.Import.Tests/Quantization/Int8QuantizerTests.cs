using System.Numerics.Tensors;
using System.Text;
using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Embeddings.Import.Quantization;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Embeddings.Import.Tests.Quantization;

public sealed class Int8QuantizerTests
{
    private static readonly Int8QuantizationOptions MinMax = new();

    [Fact]
    public void The_same_model_and_patches_give_the_same_bytes()
    {
        var model = GeneratedConvModel.Build(seed: 3);
        var calibration = GeneratedConvModel.Images(batches: 4, seed: 4);

        var first = Int8Quantizer.Quantize(model, calibration, MinMax, TestContext.Current.CancellationToken);
        var second = Int8Quantizer.Quantize(model, calibration, MinMax, TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexString(first), Convert.ToHexString(second));
    }

    [Fact]
    public void Every_conv_reads_per_channel_int8_weights_and_int32_bias_through_dequantize_nodes()
    {
        var quantized = OnnxModelReader.Read(Int8Quantizer.Quantize(
            GeneratedConvModel.Build(seed: 3), GeneratedConvModel.Images(batches: 2, seed: 4), MinMax, TestContext.Current.CancellationToken));

        var producers = quantized.Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        var initializers = quantized.Initializers.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var convs = quantized.Nodes.Where(n => n.OpType == "Conv").ToList();
        Assert.Equal(3, convs.Count);
        foreach (var conv in convs)
        {
            var x = producers[conv.Inputs[0]];
            var w = producers[conv.Inputs[1]];
            var b = producers[conv.Inputs[2]];
            Assert.Equal(("DequantizeLinear", "DequantizeLinear", "DequantizeLinear"), (x.OpType, w.OpType, b.OpType));
            Assert.Equal(OnnxElementType.UInt8, initializers[x.Inputs[2]].ElementType);
            Assert.Equal(OnnxElementType.Int8, initializers[w.Inputs[0]].ElementType);
            Assert.Equal(OnnxElementType.Int32, initializers[b.Inputs[0]].ElementType);
            var outputChannels = initializers[w.Inputs[0]].Dims[0];
            Assert.Equal([outputChannels], initializers[w.Inputs[1]].Dims);
        }

        // The uint8 weight codes and their Cast → Mul → Add were folded away; the residual Add reads quantized activations.
        Assert.DoesNotContain(quantized.Nodes, n => n.OpType is "Cast" or "Mul");
        var add = Assert.Single(quantized.Nodes, n => n.OpType == "Add");
        Assert.All(add.Inputs, input => Assert.Equal("DequantizeLinear", producers[input].OpType));
    }

    [Fact]
    public void Onnx_runtime_runs_the_quantized_convs_as_qlinear_kernels()
    {
        var quantized = Int8Quantizer.Quantize(
            GeneratedConvModel.Build(seed: 3), GeneratedConvModel.Images(batches: 2, seed: 4), MinMax, TestContext.Current.CancellationToken);
        using var directory = new TempDirectory();
        var optimized = Path.Combine(directory.Path, "optimized.onnx");

        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized })
        using (new InferenceSession(quantized, options))
        {
        }

        var text = Encoding.ASCII.GetString(File.ReadAllBytes(optimized));
        Assert.Contains("QLinearConv", text, StringComparison.Ordinal);
        Assert.Contains("QLinearAdd", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantized_embeddings_of_unseen_images_stay_close_to_the_float_ones()
    {
        var model = GeneratedConvModel.Build(seed: 3);
        var quantized = Int8Quantizer.Quantize(model, GeneratedConvModel.Images(batches: 4, seed: 4), MinMax, TestContext.Current.CancellationToken);
        var unseen = GeneratedConvModel.Images(batches: 1, seed: 99)[0];

        var (expected, _) = OnnxRun.Once(model, unseen.Values, unseen.Shape, "embedding");
        var (actual, shape) = OnnxRun.Once(quantized, unseen.Values, unseen.Shape, "embedding");

        Assert.Equal([8, 8], shape);
        for (var n = 0; n < 8; n++)
        {
            var similarity = TensorPrimitives.CosineSimilarity(expected.AsSpan(n * 8, 8), actual.AsSpan(n * 8, 8));
            Assert.True(similarity > 0.995, $"Image {n}: cosine {similarity} between float and int8 embeddings.");
        }
    }

    [Fact]
    public void A_model_without_anything_to_quantize_is_refused_by_name()
    {
        var builder = new OnnxGraphBuilder();
        builder.AddInput("input", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 4);
        builder.AddNode("Relu", ["input"], ["embedding"]);
        builder.AddOutput("embedding", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 4);

        var problem = Assert.Throws<NotSupportedException>(() => Int8Quantizer.Quantize(
            builder.ToArray(), [new CalibrationBatch(new float[4], [1, 4])], MinMax, TestContext.Current.CancellationToken));

        Assert.Contains("no Conv or Add", problem.Message, StringComparison.Ordinal);
    }
}
