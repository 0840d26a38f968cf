using LabelBridge.Embeddings.Import.Tests.Generated;
using LabelBridge.Embeddings.Import.Tests.Reference;
using LabelBridge.Embeddings.Import.Translation;

namespace LabelBridge.Embeddings.Import.Tests.Translation;

public sealed class GeneratedModelImportTests
{
    private const float Tolerance = 1e-4f;
    private const int Batch = 2;

    [Fact]
    public async Task Imported_graph_model_classifies_like_the_reference_computation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedGraphModel(seed: 7);
        var input = RandomImage(seed: 1, GeneratedGraphModel.Height, GeneratedGraphModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedGraphModel.Height, GeneratedGraphModel.Width, CutAt: null), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.FullModelOutputName);

        Assert.Equal([Batch, 5], shape);
        OnnxRun.AssertClose(model.Reference(input).Probabilities, actual, Tolerance);
    }

    [Fact]
    public async Task Unquantized_float32_weights_import_as_well()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedGraphModel(seed: 17, float32Weights: true);
        var input = RandomImage(seed: 5, GeneratedGraphModel.Height, GeneratedGraphModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedGraphModel.Height, GeneratedGraphModel.Width, CutAt: null), TestContext.Current.CancellationToken);
        var (actual, _) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.FullModelOutputName);

        OnnxRun.AssertClose(model.Reference(input).Probabilities, actual, Tolerance);
    }

    [Fact]
    public async Task Graph_model_cut_at_a_node_outputs_its_pooled_activation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedGraphModel(seed: 11);
        var input = RandomImage(seed: 2, GeneratedGraphModel.Height, GeneratedGraphModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedGraphModel.Height, GeneratedGraphModel.Width, GeneratedGraphModel.CutNode), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([Batch, 12], shape);
        OnnxRun.AssertClose(model.Reference(input).Embedding, actual, Tolerance);
    }

    [Fact]
    public async Task Imported_layers_model_classifies_like_the_reference_computation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedLayersModel(seed: 5);
        var input = RandomImage(seed: 3, GeneratedLayersModel.Height, GeneratedLayersModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedLayersModel.Height, GeneratedLayersModel.Width, CutAt: null), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.FullModelOutputName);

        Assert.Equal([Batch, 4], shape);
        OnnxRun.AssertClose(model.Reference(input).Probabilities, actual, Tolerance);
    }

    [Fact]
    public async Task Layers_model_cut_at_a_layer_outputs_its_pooled_activation()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedLayersModel(seed: 13);
        var input = RandomImage(seed: 4, GeneratedLayersModel.Height, GeneratedLayersModel.Width);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            model.WriteTo(directory.Path), new TfjsImportOptions(GeneratedLayersModel.Height, GeneratedLayersModel.Width, GeneratedLayersModel.CutLayer), TestContext.Current.CancellationToken);
        var (actual, shape) = OnnxRun.Once(onnx, input.Data, Shape(input), TfjsImportOptions.EmbeddingOutputName);

        Assert.Equal([Batch, 12], shape);
        OnnxRun.AssertClose(model.Reference(input).Embedding, actual, Tolerance);
    }

    [Fact]
    public async Task Quantized_weights_stay_uint8_in_the_onnx_file()
    {
        using var directory = new TempDirectory();
        var model = new GeneratedGraphModel(seed: 3);
        var modelDirectory = model.WriteTo(directory.Path);
        var weightBytes = Directory.GetFiles(modelDirectory, "group1-*").Sum(path => Convert.FromBase64String(ShardPayload(path)).Length);

        var onnx = await TfjsOnnxImporter.ImportAsync(
            modelDirectory, new TfjsImportOptions(GeneratedGraphModel.Height, GeneratedGraphModel.Width, CutAt: null), TestContext.Current.CancellationToken);

        Assert.True(onnx.Length < (weightBytes * 2) + 8_000, $"ONNX file is {onnx.Length} bytes for {weightBytes} bytes of uint8 weights.");
    }

    [Fact]
    public async Task Unknown_cut_name_is_refused_with_the_name()
    {
        using var directory = new TempDirectory();
        var modelDirectory = new GeneratedGraphModel(seed: 1).WriteTo(directory.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TfjsOnnxImporter.ImportAsync(
            modelDirectory, new TfjsImportOptions(13, 11, "no/such/Relu6"), TestContext.Current.CancellationToken));

        Assert.Contains("no/such/Relu6", error.Message, StringComparison.Ordinal);
    }

    private static string ShardPayload(string path)
    {
        var script = File.ReadAllText(path);
        var start = script.LastIndexOf("exports=\"", StringComparison.Ordinal) + "exports=\"".Length;
        return script[start..script.IndexOf('"', start)];
    }

    private static long[] Shape(Image image) => [image.Batch, image.Height, image.Width, image.Channels];

    private static Image RandomImage(int seed, int height, int width)
    {
        var random = new Random(seed);
        var image = new Image(Batch, height, width, 3);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = random.NextSingle();
        }

        return image;
    }
}
