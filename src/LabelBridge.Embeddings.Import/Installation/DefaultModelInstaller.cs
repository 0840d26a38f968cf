using LabelBridge.Embeddings.Import.Manifests;
using LabelBridge.Embeddings.Import.Tfjs;
using LabelBridge.Embeddings.Import.Translation;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Installs LabelBridge's default embedder (<c>mobilenet_v2_mid.onnx</c> + manifest) from the npm package nsfwjs@4.3.0.</summary>
/// <remarks>
/// No model hub is reachable, so the weights come from a registry package fetched with the user's npm, checked against the
/// package's published integrity, and converted by LabelBridge's own importer. Running it again is cheap: a model already in
/// place for the same input size is left alone.
/// </remarks>
public sealed class DefaultModelInstaller(ILogger<DefaultModelInstaller> logger, TimeProvider timeProvider)
{
    public static string OnnxPath(string modelDirectory) => Path.Combine(modelDirectory, DefaultModel.Name + ".onnx");

    public static string ManifestPath(string modelDirectory) => Path.Combine(modelDirectory, DefaultModel.Name + ModelManifest.FileSuffix);

    public async Task<ModelInstallResult> InstallAsync(
        string modelDirectory,
        int inputSize = DefaultModel.DefaultInputSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 32);
        if (await TryReadInstalledAsync(modelDirectory, inputSize, cancellationToken) is { } present)
        {
            logger.ModelAlreadyPresent(DefaultModel.Name, present.OnnxPath, present.Fingerprint);
            return present;
        }

        logger.InstallStarting(DefaultModel.Name, DefaultModel.PackageSpec, modelDirectory);
        var workDirectory = Directory.CreateTempSubdirectory("labelbridge-npm-");
        try
        {
            var tarball = await NpmPackageFetcher.PackAsync(NpmPackageFetcher.NpmExecutable, DefaultModel.PackageSpec, workDirectory.FullName, cancellationToken);
            return await InstallFromTarballAsync(tarball, modelDirectory, inputSize, cancellationToken);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    /// <summary>Verifies, extracts and imports an already downloaded package tarball.</summary>
    internal async Task<ModelInstallResult> InstallFromTarballAsync(string tarballPath, string modelDirectory, int inputSize, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await PackageIntegrity.VerifyAsync(tarballPath, DefaultModel.PackageIntegrity, cancellationToken);
        logger.PackageVerified(DefaultModel.PackageSpec);

        var extracted = Directory.CreateTempSubdirectory("labelbridge-package-");
        try
        {
            await TarballExtractor.ExtractAsync(tarballPath, extracted.FullName, cancellationToken);
            var modelFiles = Path.Combine(extracted.FullName, DefaultModel.ModelPathInPackage);
            if (!File.Exists(Path.Combine(modelFiles, TfjsModelReader.TopologyFileName)))
            {
                throw new ModelInstallException(
                    ModelInstallFailure.PackageLayoutUnexpected,
                    $"The package has no {DefaultModel.ModelPathInPackage}/{TfjsModelReader.TopologyFileName}.");
            }

            var manifest = DefaultModel.Manifest(inputSize);
            var model = await TfjsModelReader.ReadAsync(modelFiles, cancellationToken);
            var onnx = TfjsOnnxImporter.Build(model, new TfjsImportOptions(inputSize, inputSize, DefaultModel.CutAt), manifest.Description).ToArray();
            var manifestBytes = manifest.ToJsonBytes();

            Directory.CreateDirectory(modelDirectory);
            await WriteAtomicallyAsync(OnnxPath(modelDirectory), onnx, cancellationToken);
            await WriteAtomicallyAsync(ManifestPath(modelDirectory), manifestBytes, cancellationToken);

            var result = new ModelInstallResult(
                ModelInstallOutcome.Installed,
                OnnxPath(modelDirectory),
                ManifestPath(modelDirectory),
                ModelFingerprint.Compute(onnx, manifestBytes));
            logger.ModelInstalled(result.OnnxPath, onnx.Length, result.Fingerprint, timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        finally
        {
            extracted.Delete(recursive: true);
        }
    }

    private static async Task<ModelInstallResult?> TryReadInstalledAsync(string modelDirectory, int inputSize, CancellationToken cancellationToken)
    {
        var onnxPath = OnnxPath(modelDirectory);
        var manifestPath = ManifestPath(modelDirectory);
        if (!File.Exists(onnxPath) || !File.Exists(manifestPath))
        {
            return null;
        }

        var manifestBytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
        var expected = DefaultModel.Manifest(inputSize);
        if (ModelManifest.TryParse(manifestBytes) is not { Input: not null, Output: not null, Source: not null } manifest
            || manifest.Name != expected.Name
            || manifest.Input.Width != inputSize
            || manifest.Input.Height != inputSize
            || manifest.Output != expected.Output
            || manifest.Source != expected.Source)
        {
            return null;
        }

        var onnx = await File.ReadAllBytesAsync(onnxPath, cancellationToken);
        return onnx.Length == 0
            ? null
            : new ModelInstallResult(ModelInstallOutcome.AlreadyPresent, onnxPath, manifestPath, ModelFingerprint.Compute(onnx, manifestBytes));
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
