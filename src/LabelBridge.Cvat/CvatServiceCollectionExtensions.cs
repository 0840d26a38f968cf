using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Cvat;

/// <summary>Registers the CVAT connector factory; the host maps the webhook receiver with <c>MapCvatWebhooks</c>.</summary>
public static class CvatServiceCollectionExtensions
{
    public static IServiceCollection AddCvatPlatform(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(CvatConnectorFactory.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton(CvatRetrySettings.Default);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlatformConnectorFactory, CvatConnectorFactory>());
        return services;
    }
}
