using LabelBridge.Analysis.Configuration;
using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Analysis;

/// <summary>Registers the label analysis behind <see cref="IProjectAnalyzer"/> and the start-up check of each project's
/// thresholds.</summary>
/// <remarks>Stateless and pure, so one instance serves every sweep; it needs nothing else registered.</remarks>
public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddLabelBridgeAnalysis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IProjectAnalyzer, ProjectAnalyzer>();
        services.AddOptionsSection<ProjectsOptions>().ValidatedBy<ProjectsOptions, ThresholdsValidator>();
        return services;
    }
}
