using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Analysis;

/// <summary>Registers the label analysis behind <see cref="IProjectAnalyzer"/>.</summary>
/// <remarks>Stateless and pure, so one instance serves every sweep; it needs nothing else registered.</remarks>
public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddLabelBridgeAnalysis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IProjectAnalyzer, ProjectAnalyzer>();
        return services;
    }
}
