using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Cvat.Webhooks;
using LabelBridge.Host.Logging;
using LabelBridge.Host.Scheduling;
using LabelBridge.Host.Web.Thresholds;
using LabelBridge.Host.Web.Triage;
using LabelBridge.Host.Web.TriagePage;
using LabelBridge.LabelStudio.Webhooks;
using OpenTelemetry.Metrics;

namespace LabelBridge.Host.Web;

/// <summary><c>labelbridge serve</c>: the hosted worker (Quartz schedules), the web API, webhooks and health.</summary>
internal static class ServeHost
{
    /// <summary>No API request needs more (a bulk decision on 40,000 annotations fits); webhooks may have
    /// Web.MaxWebhookBytes, and sign-in far less (<see cref="Session.SessionEndpoints.MaxSignInBytes"/>).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <param name="options">The worker's configuration.</param>
    /// <param name="apiToken">The resolved <c>Web.ApiToken</c>.</param>
    /// <param name="logging">Further log providers beside the console (tests read the warnings a refusal logs).</param>
    public static WebApplication Build(LabelBridgeOptions options, Secret apiToken, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.WebHost.UseUrls(options.Web.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.ClearProviders().AddLabelBridgeConsole();
        if (options.Logging.Level is { } level)
        {
            builder.Logging.SetMinimumLevel(level);
        }

        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(MaxRequestBodyBytes, options.Web.MaxWebhookBytes));

        builder.Services.AddLabelBridgeWorker(options);
        builder.Services.AddLabelBridgeScheduling(options);
        builder.Services.AddSingleton<ApiTokenFilter>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.AddTriageApi(apiToken, options.Web);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SweepMetrics.MeterName)
            .AddPrometheusExporter());
        builder.Services.AddHostedService<StoreInitialization>();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.MapHealthChecks("/health");
        var api = app.MapGroup("/api").AddEndpointFilter(app.Services.GetRequiredService<ApiTokenFilter>());
        api.MapSweepEndpoints();
        api.MapThresholdEndpoints();
        app.UseTriageApi(api);
        app.MapOpenApi("/api/openapi.json").AddEndpointFilter(app.Services.GetRequiredService<ApiTokenFilter>());
        app.MapPrometheusScrapingEndpoint("/metrics").AddEndpointFilter(app.Services.GetRequiredService<ApiTokenFilter>());
        app.MapCvatWebhooks();
        app.MapLabelStudioEndpoints();
        app.MapTriagePage();
        return app;
    }

    /// <summary>Creates or migrates the store before the scheduler runs anything.</summary>
    private sealed class StoreInitialization(ILabelBridgeStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
