using LabelBridge.Embeddings.Import.Tests.Generated;
using LabelBridge.Embeddings.Import.Translation;

namespace LabelBridge.Embeddings.Import.Tests.Translation;

/// <summary>Graphs in the converter's .json + .bin form with float16 weights: NanoDet's NCHW shape and MobileNetV3's ops.</summary>
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
}
