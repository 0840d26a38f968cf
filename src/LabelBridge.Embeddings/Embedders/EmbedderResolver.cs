using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Models;
using LabelBridge.Embeddings.Patches;
using LabelBridge.Embeddings.Pixels;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Embedders;

/// <summary>Turns an embedder name from configuration (<c>pixel</c>, <c>default-model</c>, a model name, or parts joined
/// by <c>+</c>) into a plan, and lists the candidates <c>auto</c> chooses among.</summary>
internal sealed class EmbedderResolver
{
    private readonly ModelCatalog models;
    private readonly EmbeddingOptions options;
    private readonly PixelPatchEmbedder pixel;

    public EmbedderResolver(ModelCatalog models, IOptions<EmbeddingOptions> options)
    {
        this.models = models;
        this.options = options.Value;
        pixel = new PixelPatchEmbedder(this.options.PixelSize);
        Crop = CropSettings.From(this.options);
    }

    public CropSettings Crop { get; }

    /// <summary>The plan for <paramref name="spec"/>, or the problem with the model it names.</summary>
    public async Task<(EmbedderPlan? Plan, ReadProblem? Problem)> ResolveAsync(string spec, CancellationToken cancellationToken)
    {
        var parts = new List<IPatchEmbedder>();
        foreach (var raw in spec.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(raw, "pixel", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(pixel);
                continue;
            }

            var name = string.Equals(raw, "default-model", StringComparison.OrdinalIgnoreCase) ? Core.Embedding.Models.ModelContract.DefaultModelName : raw;
            var model = await models.GetAsync(name, cancellationToken);
            if (model.Embedder is null)
            {
                return (null, new ReadProblem($"model:{name}", model.Problem ?? "cannot be loaded"));
            }

            parts.Add(model.Embedder);
        }

        return parts.Count == 0
            ? (null, new ReadProblem("embedder", $"'{spec}' names no embedder"))
            : (new EmbedderPlan(parts, Crop), null);
    }

    /// <summary>Pixels, every usable model, and every model combined with pixels; broken models become problems. A float
    /// model whose int8 version (<c>&lt;name&gt;_int8</c>) is installed beside it is left out: someone made the int8 one to
    /// embed faster, and scoring both would double what <c>auto</c> embeds.</summary>
    public async Task<(IReadOnlyList<EmbedderPlan> Candidates, IReadOnlyList<ReadProblem> Problems)> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<EmbedderPlan> { new([pixel], Crop) };
        var problems = new List<ReadProblem>();
        var names = models.ListNames();
        var installed = names.ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (installed.Contains(name + Core.Embedding.Models.ModelContract.Int8Suffix))
            {
                continue;
            }

            var model = await models.GetAsync(name, cancellationToken);
            if (model.Embedder is null)
            {
                problems.Add(new ReadProblem($"model:{name}", model.Problem ?? "cannot be loaded"));
                continue;
            }

            candidates.Add(new EmbedderPlan([model.Embedder], Crop));
            candidates.Add(new EmbedderPlan([pixel, model.Embedder], Crop));
        }

        return (candidates, problems);
    }
}
