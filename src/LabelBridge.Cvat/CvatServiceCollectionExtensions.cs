using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Configuration;
using LabelBridge.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Cvat;

/// <summary>Registers the CVAT connector factory and the validation of CVAT platform settings; the host maps the
/// webhook receiver with <c>MapCvatWebhooks</c>.</summary>
/// <remarks>The CVAT client never follows redirects: every request, frames included, goes to the configured server only.</remarks>
public static class CvatServiceCollectionExtensions
{
    public static IServiceCollection AddCvatPlatform(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPlatformHttpClient(CvatConnectorFactory.HttpClientName);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlatformConnectorFactory, CvatConnectorFactory>());
        services.AddProjectCatalog();
        services.AddOptionsSection<WebOptions>();
        services.AddOptionsSection<PlatformsOptions>().ValidatedBy<PlatformsOptions, CvatPlatformValidator>();
        services.AddConfigurationValidator<CvatProjectIdValidator>();
        services.TryAddSingleton<Webhooks.CvatWebhookRouter>();
        services.TryAddSingleton<Webhooks.WebhookReplayGuard>();
        return services;
    }
}
