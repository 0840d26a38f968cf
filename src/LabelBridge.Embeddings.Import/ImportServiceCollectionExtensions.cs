using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Embeddings.Import;

/// <summary>Registers the model installers, for the CLI verbs and for installing the default model on first use.</summary>
public static class ImportServiceCollectionExtensions
{
    public static IServiceCollection AddDefaultModelInstaller(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DefaultModelInstaller>();
        services.TryAddSingleton(provider => new ModelInstaller(provider.GetRequiredService<ILogger<ModelInstaller>>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
