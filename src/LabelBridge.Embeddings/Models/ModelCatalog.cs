using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;
using LabelBridge.Core.Embedding.Models;

namespace LabelBridge.Embeddings.Models;

/// <summary>The models in the model directory, each loaded once and kept (one session per model for the process).</summary>
internal sealed class ModelCatalog : IDisposable
{
    private const string ManifestSuffix = ModelManifest.FileSuffix;

    private readonly Dictionary<string, ModelLoadResult> loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly EmbeddingOptions options;

    public ModelCatalog(IOptions<EmbeddingOptions> options)
    {
        this.options = options.Value;
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
            if (File.Exists(Path.Combine(options.ModelDirectory, name + ModelContract.OnnxSuffix)))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The model loaded on first use and kept; a model that failed to load stays failed until restart.</summary>
    public async Task<ModelLoadResult> GetAsync(string name, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!loaded.TryGetValue(name, out var model))
            {
                model = await ModelLoader.LoadAsync(options.ModelDirectory, name, options.IntraOpThreads, cancellationToken);
                loaded[name] = model;
            }

            return model;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var model in loaded.Values)
        {
            model.Embedder?.Dispose();
        }

        gate.Dispose();
    }
}
