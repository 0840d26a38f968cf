using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Models;

/// <summary>Loads <c>&lt;name&gt;.onnx</c> with its manifest and checks that the two agree before any patch is embedded.</summary>
internal static class ModelLoader
{
    public static async Task<ModelLoadResult> LoadAsync(string directory, string name, int intraOpThreads, CancellationToken cancellationToken)
    {
        var modelPath = Path.Combine(directory, name + ".onnx");
        var manifestPath = Path.Combine(directory, name + ModelManifest.FileSuffix);
        if (!File.Exists(modelPath) || !File.Exists(manifestPath))
        {
            return ModelLoadResult.Failure(name, $"needs both {name}.onnx and {name}.manifest.json in the model directory");
        }

        var modelBytes = await File.ReadAllBytesAsync(modelPath, cancellationToken);
        var manifestBytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
        ModelManifest? manifest;
        try
        {
            manifest = ModelManifest.Parse(manifestBytes);
        }
        catch (JsonException ex)
        {
            return ModelLoadResult.Failure(name, $"the manifest is not valid JSON ({ex.Message})");
        }

        var manifestProblem = manifest is null ? "the manifest is empty" : ManifestCheck.Problem(manifest);
        if (manifestProblem is not null)
        {
            return ModelLoadResult.Failure(name, manifestProblem);
        }

        InferenceSession session;
        try
        {
            using var options = CreateSessionOptions(intraOpThreads);
            session = new InferenceSession(modelBytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            return ModelLoadResult.Failure(name, $"ONNX Runtime cannot load the model ({ex.Message})");
        }

        var graphProblem = ManifestCheck.GraphProblem(manifest!, session.InputMetadata, session.OutputMetadata);
        if (graphProblem is not null)
        {
            session.Dispose();
            return ModelLoadResult.Failure(name, graphProblem);
        }

        var embedder = new OnnxPatchEmbedder(name, session, manifest!, ModelContract.Fingerprint(modelBytes, manifestBytes));
        try
        {
            embedder.Probe();
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException)
        {
            embedder.Dispose();
            return ModelLoadResult.Failure(name, $"the model does not run on the manifest's input ({ex.Message})");
        }

        return new ModelLoadResult(name, embedder, null);
    }

    /// <summary>Session settings for a process that also decodes images: intra-op threads do not spin while idle,
    /// so the decoding workers get the cores between batches.</summary>
    public static SessionOptions CreateSessionOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
