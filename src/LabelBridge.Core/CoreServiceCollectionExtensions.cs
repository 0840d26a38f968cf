using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddConfigurationValidator<ProjectOptionsValidator>();
        return services;
    }

    /// <summary>Adds one part's checks of its configuration sections. They run when the options are first read and, in
    /// a hosted process, before it starts; <c>labelbridge config check</c> lists the failures of all of them at once.</summary>
    /// <remarks>Failures are written as <see cref="ConfigProblem"/> (<c>Key: Message</c>) so the list can name each key.</remarks>
    public static IServiceCollection AddConfigurationValidator<TValidator>(this IServiceCollection services)
        where TValidator : class, IValidateOptions<LabelBridgeOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LabelBridgeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LabelBridgeOptions>, TValidator>());
        return services;
    }
}
