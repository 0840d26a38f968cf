using Microsoft.Extensions.Logging;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Installs LabelBridge's default embedder (<c>mobilenet_v2_mid.onnx</c> + manifest); see <see cref="ModelInstaller"/>.</summary>
public sealed class DefaultModelInstaller(ILogger<DefaultModelInstaller> logger, TimeProvider timeProvider)
{
    private readonly ModelInstaller installer = new(logger, timeProvider);

    public static string OnnxPath(string modelDirectory) => ModelInstaller.OnnxPath(modelDirectory, DefaultModel.Name);

    public static string ManifestPath(string modelDirectory) => ModelInstaller.ManifestPath(modelDirectory, DefaultModel.Name);

    public Task<ModelInstallResult> InstallAsync(
        string modelDirectory,
        int inputSize = DefaultModel.DefaultInputSize,
        CancellationToken cancellationToken = default) =>
        installer.InstallAsync(InstallableModels.MobileNetV2Mid, modelDirectory, inputSize, cancellationToken);

    /// <summary>Verifies, extracts and imports an already downloaded package tarball.</summary>
    internal Task<ModelInstallResult> InstallFromTarballAsync(string tarballPath, string modelDirectory, int inputSize, CancellationToken cancellationToken) =>
        installer.InstallFromTarballAsync(InstallableModels.MobileNetV2Mid, tarballPath, modelDirectory, inputSize, cancellationToken);
}
