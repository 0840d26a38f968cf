using LabelBridge.Embeddings.Import.Tests.Generated;
using LabelBridge.Embeddings.Import.Tests.Reference;
using LabelBridge.Embeddings.Import.Translation;

namespace LabelBridge.Embeddings.Import.Tests.Translation;

/// <summary>Graphs in the converter's .json + .bin form with float16 weights: NanoDet's NCHW shape and CenterNet's MobileNetV3 ops.</summary>
public sealed class ConvertedGraphImportTests
{
    private const float Tolerance = 1e-4f;
    private const int Batch = 2;

    [Fact]
    public async Task Nchw_graph_with_transposes_pads_and_splits_computes_like_the_reference()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedNanoDetModel(seed: 21);
        var input = RandomValues(seed: 3, Batch * 3 * GeneratedNanoDetModel.Height * GeneratedNanoDetModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedNanoDetModel.Height, GeneratedNanoDetModel.Width, CutAt: null), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input, [Batch, 3, GeneratedNanoDetModel.Height, GeneratedNanoDetModel.Width], TfjsImportOptions.FullModelOutputName);

        Assert.Equal([Batch, 12, 4, 3], shape);
        OnnxRun.AssertClose(model.Reference(input, Batch).Output, actual, Tolerance);
    }

    [Fact]
    public async Task Nchw_graph_cut_at_a_concatenation_outputs_its_pooled_activation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedNanoDetModel(seed: 22);
        var input = RandomValues(seed: 4, Batch * 3 * GeneratedNanoDetModel.Height * GeneratedNanoDetModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedNanoDetModel.Height, GeneratedNanoDetModel.Width, GeneratedNanoDetModel.CutNode), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input, [Batch, 3, GeneratedNanoDetModel.Height, GeneratedNanoDetModel.Width], TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([Batch, 12], shape);
        OnnxRun.AssertClose(model.Reference(input, Batch).Embedding, actual, Tolerance);
    }

    [Fact]
    public async Task Nhwc_graph_with_hard_swish_squeeze_excite_and_unfused_depthwise_computes_like_the_reference()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedMobileNetV3Model(seed: 31);
        var input = RandomImage(seed: 5, GeneratedMobileNetV3Model.Height, GeneratedMobileNetV3Model.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedMobileNetV3Model.Height, GeneratedMobileNetV3Model.Width, CutAt: null), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.FullModelOutputName);

        Assert.Equal([Batch, 8], shape);
        OnnxRun.AssertClose(model.Reference(input).Output, actual, Tolerance);
    }

    [Fact]
    public async Task Nhwc_graph_cut_at_a_residual_add_outputs_its_pooled_activation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedMobileNetV3Model(seed: 32);
        var input = RandomImage(seed: 6, GeneratedMobileNetV3Model.Height, GeneratedMobileNetV3Model.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedMobileNetV3Model.Height, GeneratedMobileNetV3Model.Width, GeneratedMobileNetV3Model.CutNode), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([Batch, 8], shape);
        OnnxRun.AssertClose(model.Reference(input).Embedding, actual, Tolerance);
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    /// <summary>Values in [−2, 2]: the stem then reaches both bends of relu6(x + 3) (below −3 and above 3).</summary>
    private static Image RandomImage(int seed, int height, int width)
    {
        var image = new Image(Batch, height, width, 3);
        var values = RandomValues(seed, image.Data.Length);
        for (var i = 0; i < values.Length; i++)
        {
            image.Data[i] = values[i] * 2f;
        }

        return image;
    }

    private static long[] Shape(Image image) => [image.Batch, image.Height, image.Width, image.Channels];
}
