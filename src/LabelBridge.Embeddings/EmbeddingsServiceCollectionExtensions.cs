using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Embeddings.Configuration;
using LabelBridge.Embeddings.Choice;
using LabelBridge.Embeddings.Embedders;
using LabelBridge.Embeddings.Models;
using LabelBridge.Embeddings.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Embeddings;

/// <summary>Registers the patch embedder behind <see cref="IAnnotationEmbedder"/> and the start-up check of the
/// <c>Embedding</c> section.</summary>
/// <remarks>Reads the <c>Embedding</c> and <c>Projects</c> sections of the configuration; expects an <c>ILabelBridgeStore</c> and logging to be registered by
/// the host. Models are loaded lazily, once per process.</remarks>
public static class EmbeddingsServiceCollectionExtensions
{
    public static IServiceCollection AddLabelBridgeEmbeddings(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<EmbedderResolver>();
        services.TryAddSingleton<ChoiceMemory>();
        services.TryAddSingleton<PatchRunner>();
        services.TryAddSingleton<AutoChooser>();
        services.TryAddSingleton<IAnnotationEmbedder, AnnotationEmbedder>();
        services.TryAddSingleton<ICachedVectorSource, CachedVectorSource>();
        services.AddOptionsSection<EmbeddingOptions>().ValidatedBy<EmbeddingOptions, EmbeddingOptionsValidator>();
        services.AddOptionsSection<ProjectsOptions>().ValidatedBy<ProjectsOptions, ProjectEmbedderValidator>();
        return services;
    }
}
