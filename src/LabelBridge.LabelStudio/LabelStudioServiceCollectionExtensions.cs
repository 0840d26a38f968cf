using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Configuration;
using LabelBridge.LabelStudio.MlBackend;
using LabelBridge.LabelStudio.Webhooks;
using LabelBridge.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.LabelStudio;

/// <summary>Registers the Label Studio connector factory, what its endpoints need, and the start-up check of Label
/// Studio platform settings.</summary>
public static class LabelStudioServiceCollectionExtensions
{
    public static IServiceCollection AddLabelStudioPlatform(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(LabelStudioConnectorFactory)))
        {
            return services;
        }

        services.AddPlatformHttpClient(LabelStudioConnectorFactory.HttpClientName);
        services.AddPlatformHttpClient(LabelStudioConnectorFactory.ImagesHttpClientName);
        services.TryAddSingleton<SecretResolver>();
        services.AddSingleton<LabelStudioConnectorFactory>();
        services.AddSingleton<IPlatformConnectorFactory>(sp => sp.GetRequiredService<LabelStudioConnectorFactory>());
        services.AddProjectCatalog();
        services.AddOptionsSection<WebOptions>();
        services.AddSingleton<SharedSecretCheck>();
        services.AddSingleton<WebhookSweeps>();
        services.AddSingleton<WebhookBacklog>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookBacklog>());
        services.AddSingleton<MlBackendPredictor>();
        services.AddOptionsSection<PlatformsOptions>().ValidatedBy<PlatformsOptions, LabelStudioPlatformValidator>();
        services.AddConfigurationValidator<LabelStudioProjectIdValidator>();
        return services;
    }
}
