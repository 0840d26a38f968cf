using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Embeddings.Configuration;

/// <summary>The <c>Embedding</c> section: sizes the patch pipeline can allocate and an embedder name it can resolve.</summary>
/// <remarks>An <see cref="IValidateOptions{TOptions}"/> rather than data annotations so each message quotes the value and
/// the default; keys are relative to the section (<c>PixelSize</c>), which the section's registration prefixes.</remarks>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        EmbedderNames.Validate(problems, nameof(EmbeddingOptions.Embedder), options.Embedder);
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            problems.Add(new(nameof(EmbeddingOptions.ModelDirectory), "is required; default \".models\""));
        }

        problems.RequireRange(nameof(EmbeddingOptions.CropMargin), options.CropMargin, 0, 1);
        problems.RequireRange(nameof(EmbeddingOptions.BatchSize), options.BatchSize, 1, 1024);
        problems.RequireRange(nameof(EmbeddingOptions.IntraOpThreads), options.IntraOpThreads, 0, 256);
        problems.RequireRange(nameof(EmbeddingOptions.MaxConcurrentImages), options.MaxConcurrentImages, 1, 64);
        problems.RequireRange(nameof(EmbeddingOptions.PixelSize), options.PixelSize, 2, 256);
        problems.RequireRange(nameof(EmbeddingOptions.ThumbnailSize), options.ThumbnailSize, 16, 1024);
        problems.RequireRange(nameof(EmbeddingOptions.AutoSampleSize), options.AutoSampleSize, 10, 10_000_000);
        problems.RequireRange(nameof(EmbeddingOptions.AutoSwitchMargin), options.AutoSwitchMargin, 0, 1);
        if (options.MaxImagePixels < 64 * 64)
        {
            problems.Add(new(nameof(EmbeddingOptions.MaxImagePixels), $"{options.MaxImagePixels} is too small; default 100000000"));
        }

        return ConfigRules.ToResult(problems);
    }
}
