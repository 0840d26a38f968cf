using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Installs the default model at several input sizes into one model directory:
/// <c>mobilenet_v2_mid</c> (128 px, the default) and <c>mobilenet_v2_mid_&lt;size&gt;</c> for the others; and the object
/// detectors' backbones (<c>nanodet</c>, <c>centernet-mobilenetv3</c>) at their own sizes.</summary>
internal static class BenchModels
{
    public static async Task InstallAsync(
        string modelDirectory, IReadOnlyList<int> sizes, IReadOnlyList<InstallableModel> objectModels, CancellationToken cancellationToken)
    {
        var installer = new DefaultModelInstaller(NullLogger<DefaultModelInstaller>.Instance, TimeProvider.System);
        Directory.CreateDirectory(modelDirectory);
        foreach (var size in sizes)
        {
            if (size == DefaultModel.DefaultInputSize)
            {
                await installer.InstallAsync(modelDirectory, size, cancellationToken);
                continue;
            }

            var name = $"{DefaultModel.Name}_{size}";
            if (File.Exists(Path.Combine(modelDirectory, name + ".onnx")))
            {
                continue;
            }

            var scratch = Path.Combine(modelDirectory, "install-" + size);
            await installer.InstallAsync(scratch, size, cancellationToken);
            File.Move(DefaultModelInstaller.OnnxPath(scratch), Path.Combine(modelDirectory, name + ".onnx"), overwrite: true);
            File.Move(DefaultModelInstaller.ManifestPath(scratch), Path.Combine(modelDirectory, name + ".manifest.json"), overwrite: true);
            Directory.Delete(scratch, recursive: true);
        }

        var models = new ModelInstaller(NullLogger.Instance, TimeProvider.System);
        foreach (var model in objectModels)
        {
            await models.InstallAsync(model, modelDirectory, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The COCO-trained backbones of issue 20, each at the input size its installer uses.</summary>
    public static IReadOnlyList<InstallableModel> ObjectModels { get; } = [InstallableModels.NanoDet, InstallableModels.CenterNetMobileNetV3];
}
