using System.Text.RegularExpressions;
using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Configuration;

/// <summary>The <c>Embedding</c> section and each project's embedder override: sizes the patch pipeline can allocate and
/// embedder names it can resolve.</summary>
internal sealed partial class EmbeddingOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    private static readonly string[] KnownEmbedders = ["auto", "pixel", "default-model"];

    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        var embedding = options.Embedding;
        ValidateEmbedderName(problems, "Embedding.Embedder", embedding.Embedder);
        if (string.IsNullOrWhiteSpace(embedding.ModelDirectory))
        {
            problems.Add(new("Embedding.ModelDirectory", "is required; default \".models\""));
        }

        problems.RequireRange("Embedding.CropMargin", embedding.CropMargin, 0, 1);
        problems.RequireRange("Embedding.BatchSize", embedding.BatchSize, 1, 1024);
        problems.RequireRange("Embedding.IntraOpThreads", embedding.IntraOpThreads, 0, 256);
        problems.RequireRange("Embedding.MaxConcurrentImages", embedding.MaxConcurrentImages, 1, 64);
        problems.RequireRange("Embedding.PixelSize", embedding.PixelSize, 2, 256);
        problems.RequireRange("Embedding.ThumbnailSize", embedding.ThumbnailSize, 16, 1024);
        problems.RequireRange("Embedding.AutoSampleSize", embedding.AutoSampleSize, 10, 10_000_000);
        problems.RequireRange("Embedding.AutoSwitchMargin", embedding.AutoSwitchMargin, 0, 1);
        if (embedding.MaxImagePixels < 64 * 64)
        {
            problems.Add(new("Embedding.MaxImagePixels", $"{embedding.MaxImagePixels} is too small; default 100000000"));
        }

        for (var i = 0; i < options.Projects.Count; i++)
        {
            if (options.Projects[i].Embedder is { } embedder)
            {
                ValidateEmbedderName(problems, ConfigRules.Index("Projects", i, "Embedder"), embedder);
            }
        }

        return problems;
    }

    private static void ValidateEmbedderName(List<ConfigProblem> problems, string key, string embedder)
    {
        if (string.IsNullOrWhiteSpace(embedder))
        {
            problems.Add(new(key, $"is empty; use one of {string.Join(", ", KnownEmbedders)} or the name of a model in the model directory"));
        }
        else if (!KnownEmbedders.Contains(embedder, StringComparer.OrdinalIgnoreCase) && !ModelName().IsMatch(embedder))
        {
            problems.Add(new(key, $"'{embedder}' is not {string.Join(", ", KnownEmbedders)}, nor a model name (letters, digits, '-', '_', '+' to combine)"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.+-]+$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ModelName();
}
