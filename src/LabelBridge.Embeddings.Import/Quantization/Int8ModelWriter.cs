using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Import.Installation;

namespace LabelBridge.Embeddings.Import.Quantization;

/// <summary>Writes <c>&lt;name&gt;_int8.onnx</c> and its manifest beside an installed float model: the same input and output
/// contract, int8 QDQ inside (<see cref="Int8Quantizer"/>).</summary>
/// <remarks>The int8 model is a model of its own: its bytes, and so its fingerprint and every cache key, differ from the float
/// one's, so vectors of the two are never mixed. Both files are written to temporary names and moved into place.</remarks>
public static class Int8ModelWriter
{
    public const string NameSuffix = ModelContract.Int8Suffix;

    public static string NameFor(string floatModelName) => floatModelName + NameSuffix;

    public static async Task<ModelInstallResult> WriteAsync(
        string modelDirectory,
        string floatModelName,
        IReadOnlyList<CalibrationBatch> calibration,
        Int8QuantizationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(floatModelName);
        var floatOnnx = await File.ReadAllBytesAsync(ModelContract.OnnxPath(modelDirectory, floatModelName), cancellationToken);
        var floatManifest = ModelManifest.Parse(await File.ReadAllBytesAsync(ModelContract.ManifestPath(modelDirectory, floatModelName), cancellationToken))
            ?? throw new InvalidDataException($"The manifest of {floatModelName} is empty.");
        var onnx = Int8Quantizer.Quantize(floatOnnx, calibration, options, cancellationToken);
        var name = NameFor(floatModelName);
        var patches = calibration.Sum(batch => batch.Shape[0]);
        var manifest = floatManifest with
        {
            Name = name,
            Description = $"{floatManifest.Description}; int8 QDQ (per-channel weights, activations calibrated "
                + $"{(options.Method == CalibrationMethod.MinMax ? "min-max" : "by percentile")} on {patches} patches)",
        };
        var manifestBytes = manifest.ToJsonBytes();
        var onnxPath = ModelContract.OnnxPath(modelDirectory, name);
        var manifestPath = ModelContract.ManifestPath(modelDirectory, name);
        await ModelInstaller.WriteAtomicallyAsync(onnxPath, onnx, cancellationToken);
        await ModelInstaller.WriteAtomicallyAsync(manifestPath, manifestBytes, cancellationToken);
        return new ModelInstallResult(ModelInstallOutcome.Installed, onnxPath, manifestPath, ModelContract.Fingerprint(onnx, manifestBytes));
    }
}
