using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Configuration;
using LabelBridge.Platforms.Concurrency;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBridge.Platforms;

/// <summary>Registers the one platform transport both connectors use: per-platform concurrency gates, keyed resilience
/// pipelines, HTTP clients that send every request body buffered with Content-Length, and the start-up check of the
/// settings every platform has.</summary>
public static class PlatformsServiceCollectionExtensions
{
    public static IServiceCollection AddLabelBridgePlatforms(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(PlatformRetrySettings.Default);
        services.TryAddSingleton<PlatformGates>();
        services.TryAddSingleton<PlatformPipelines>();
        services.TryAddTransient<ContentLengthHandler>();
        services.TryAddTransient<BoundedResponseHandler>();
        services.TryAddTransient<WriteFenceHandler>();
        services.AddOptionsSection<PlatformsOptions>().ValidatedBy<PlatformsOptions, PlatformOptionsValidator>();
        return services;
    }

    /// <summary>A named client for platform calls: never follows redirects (every hop is checked by the caller), checks the
    /// sweep's write fence before a request that changes the platform (<see cref="LabelBridge.Core.Platforms.PlatformWriteFence"/>),
    /// buffers request bodies so they carry Content-Length, and reads JSON and error answers within the limits the call
    /// carries (<see cref="PlatformRefitSettings"/>).</summary>
    public static IHttpClientBuilder AddPlatformHttpClient(this IServiceCollection services, string name)
    {
        services.AddLabelBridgePlatforms();
        return services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler<WriteFenceHandler>()
            .AddHttpMessageHandler<ContentLengthHandler>()
            .AddHttpMessageHandler<BoundedResponseHandler>();
    }
}
