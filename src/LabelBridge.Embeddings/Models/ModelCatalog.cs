using System.Collections.Concurrent;
using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Models;

/// <summary>The models in the model directory, each loaded once and kept (one session per model for the process).</summary>
internal sealed class ModelCatalog : IDisposable
{
    /// <summary>The model <c>default-model</c> refers to, produced by the model importer.</summary>
    public const string DefaultModelName = "mobilenet_v2_mid";

    private const string ManifestSuffix = ".manifest.json";

    private readonly ConcurrentDictionary<string, Lazy<ModelLoadResult>> loaded = new(StringComparer.Ordinal);
    private readonly EmbeddingOptions options;

    public ModelCatalog(IOptions<LabelBridgeOptions> options)
    {
        this.options = options.Value.Embedding;
    }

    /// <summary>Names of the models that have both a manifest and a model file, sorted.</summary>
    public IReadOnlyList<string> ListNames()
    {
        if (!Directory.Exists(options.ModelDirectory))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var manifest in Directory.EnumerateFiles(options.ModelDirectory, "*" + ManifestSuffix))
        {
            var name = Path.GetFileName(manifest)[..^ManifestSuffix.Length];
            if (File.Exists(Path.Combine(options.ModelDirectory, name + ".onnx")))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public ModelLoadResult Get(string name) =>
        loaded.GetOrAdd(name, n => new Lazy<ModelLoadResult>(() => ModelLoader.Load(options.ModelDirectory, n, options.IntraOpThreads))).Value;

    public void Dispose()
    {
        foreach (var model in loaded.Values)
        {
            if (model.IsValueCreated)
            {
                model.Value.Embedder?.Dispose();
            }
        }
    }
}
