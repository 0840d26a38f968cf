using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Embeddings.Import;

/// <summary>Registers the default-model installer, for the CLI verb and for installing on first use.</summary>
public static class ImportServiceCollectionExtensions
{
    public static IServiceCollection AddDefaultModelInstaller(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DefaultModelInstaller>();
        return services;
    }
}
