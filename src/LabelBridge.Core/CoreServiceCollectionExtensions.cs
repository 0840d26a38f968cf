using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The use cases: the project catalog, sweeps (whole and by shard) and reviewers' decisions. The ports they
    /// use (store, embedder, analyzer, connectors, model provisioning) are registered by the parts that implement them.</summary>
    public static IServiceCollection AddLabelBridgeCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProjectCatalog>();
        services.TryAddSingleton<SweepMetrics>();
        services.TryAddSingleton<SweepRunner>();
        services.TryAddSingleton<ProjectSweeps>();
        services.TryAddSingleton<EmbeddingShardWork>();
        services.TryAddSingleton<MarkerLedger>();
        services.TryAddSingleton<ReviewDecisions>();
        return services;
    }
}
