using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Review;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Thresholds;
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
        services.AddProjectCatalog();
        services.AddOptionsSection<WebOptions>();
        services.AddOptionsSection<EmbeddingOptions>();
        services.TryAddSingleton<SweepMetrics>();
        services.TryAddSingleton<SweepRunner>();
        services.TryAddSingleton<ProjectSweeps>();
        services.TryAddSingleton<EmbeddingShardWork>();
        services.TryAddSingleton<MarkerLedger>();
        services.TryAddSingleton<ReviewDecisions>();
        services.TryAddSingleton<ThresholdSettings>();
        services.TryAddSingleton<ThresholdPreviewer>();
        services.TryAddSingleton<ReviewerRelabels>();
        services.AddOptionsSection<ProjectsOptions>().ValidatedBy<ProjectsOptions, ProjectOptionsValidator>();
        services.AddConfigurationValidator<ProjectPlatformValidator>();
        return services;
    }

    /// <summary>The one lookup of configured projects and their platforms (<see cref="ProjectCatalog"/>), over the
    /// <c>Projects</c> and <c>Platforms</c> sections; each part that finds projects by name adds it.</summary>
    public static IServiceCollection AddProjectCatalog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsSection<ProjectsOptions>();
        services.AddOptionsSection<PlatformsOptions>();
        services.TryAddSingleton<ProjectCatalog>();
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

    /// <summary>Serves one section of the configuration as its own <c>IOptions&lt;TSection&gt;</c>, validated at start-up
    /// (<c>AddOptionsWithValidateOnStart</c>) by the validators the owning part adds with
    /// <see cref="ValidatedBy{TSection, TValidator}"/>: a source-generated <c>[OptionsValidator]</c> for data-annotation
    /// rules, an <see cref="IValidateOptions{TOptions}"/> for cross-field ones. <c>labelbridge config check</c> lists their
    /// failures with the rest through <see cref="IConfigurationSectionCheck"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section to serve instead of the configuration's, for a part composed on its own.</param>
    public static OptionsBuilder<TSection> AddOptionsSection<TSection>(this IServiceCollection services, TSection? section = null)
        where TSection : class, IOptionsSection<TSection>
    {
        ArgumentNullException.ThrowIfNull(services);
        if (section is not null)
        {
            services.AddSingleton(new ExplicitSection<TSection>(section));
        }

        services.TryAddTransient<IOptionsFactory<TSection>, SectionOptionsFactory<TSection>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationSectionCheck, SectionCheck<TSection>>());
        return services.AddOptionsWithValidateOnStart<TSection>();
    }

    /// <summary>Adds one validator of a section (once however often its part is added); its failures are named with the
    /// section's key, e.g. <c>Scale.ShardSize</c>.</summary>
    public static OptionsBuilder<TSection> ValidatedBy<TSection, TValidator>(this OptionsBuilder<TSection> builder)
        where TSection : class, IOptionsSection<TSection>
        where TValidator : class, IValidateOptions<TSection>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TValidator>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSection>, SectionValidator<TSection, TValidator>>());
        return builder;
    }
}
