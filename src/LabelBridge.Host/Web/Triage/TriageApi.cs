using LabelBridge.Core.Configuration;
using LabelBridge.Host.Web.Session;
using LabelBridge.Host.Web.Similar;
using Microsoft.AspNetCore.ResponseCompression;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Wires the triage page's API into <c>labelbridge serve</c>: session sign-in, the read endpoints, decisions,
/// and response compression (the points payload compresses well).</summary>
internal static class TriageApi
{
    public static IServiceCollection AddTriageApi(this IServiceCollection services, Secret apiToken, WebOptions web)
    {
        services.AddSingleton(provider => new ApiCredentials(apiToken, web.SessionLifetime, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<TriageSweeps>();
        services.AddSimilarPatches();
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <param name="app">The web application.</param>
    /// <param name="api">The token-guarded <c>/api</c> group.</param>
    public static WebApplication UseTriageApi(this WebApplication app, RouteGroupBuilder api)
    {
        app.UseResponseCompression();
        app.MapSessionEndpoints();
        api.MapTriageEndpoints();
        api.MapDecisionEndpoints();
        api.MapSimilarPatchEndpoints();
        api.MapRelabelEndpoints();
        api.MapQualityEndpoints();
        return app;
    }
}
