using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Import.Installation;

/// <summary>One model in the model directory, as <c>models list</c> shows it: its name, the size of its ONNX file, its input
/// convention and source from the manifest, and <c>Problem</c>: why it cannot be used (a missing .onnx, an unreadable manifest),
/// or null.</summary>
public sealed record InstalledModel(string Name, long OnnxBytes, ManifestInput? Input, ManifestSource? Source, string? Problem);

/// <summary>Reads what is installed in a model directory: every <c>&lt;name&gt;.manifest.json</c> with its model file.</summary>
public static class InstalledModels
{
    public static async Task<IReadOnlyList<InstalledModel>> ListAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(modelDirectory))
        {
            return [];
        }

        var models = new List<InstalledModel>();
        foreach (var manifestPath in Directory.EnumerateFiles(modelDirectory, "*" + ModelManifest.FileSuffix).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(manifestPath)[..^ModelManifest.FileSuffix.Length];
            var onnx = new FileInfo(ModelContract.OnnxPath(modelDirectory, name));
            var manifest = ModelManifest.TryParse(await File.ReadAllBytesAsync(manifestPath, cancellationToken));
            var problem = manifest is null ? "the manifest is not valid JSON"
                : !onnx.Exists ? $"{name}{ModelContract.OnnxSuffix} is missing"
                : null;
            models.Add(new InstalledModel(name, onnx.Exists ? onnx.Length : 0, manifest?.Input, manifest?.Source, problem));
        }

        return models;
    }
}
