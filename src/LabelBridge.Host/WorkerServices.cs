using LabelBridge.Analysis;
using LabelBridge.Core;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Cvat;
using LabelBridge.LabelStudio;
using LabelBridge.Embeddings;
using LabelBridge.Embeddings.Import;
using LabelBridge.Host.Configuration;
using LabelBridge.Host.Logging;
using LabelBridge.Host.Sweeps;
using LabelBridge.Storage;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host;

/// <summary>The services every verb shares, built from validated options: a table of contents of the parts.</summary>
internal static class WorkerServices
{
    public static IServiceProvider Build(LabelBridgeOptions options)
    {
        var services = new ServiceCollection();
        // A CLI verb logs warnings and errors only unless Logging.Level says otherwise (Information also shows stage and
        // analysis timings).
        ArgumentNullException.ThrowIfNull(options);
        var level = options.Logging.Level ?? LogLevel.Warning;
        services.AddLogging(logging => logging.AddLabelBridgeConsole().SetMinimumLevel(level));
        return services.AddLabelBridgeWorker(options).BuildServiceProvider();
    }

    public static IServiceCollection AddLabelBridgeWorker(this IServiceCollection services, LabelBridgeOptions options)
    {
        // Through the options pipeline, not Options.Create, so every part's registered validator runs: before a hosted
        // process starts, and on first use in a CLI verb.
        services.AddOptions<LabelBridgeOptions>().ValidateOnStart();
        services.AddSingleton(new BoundConfiguration(options));
        services.AddTransient<IOptionsFactory<LabelBridgeOptions>>(provider => ActivatorUtilities.CreateInstance<LoadedOptionsFactory>(provider, options));
        services.AddOptionsSection<ProjectsOptions>().ValidatedBy<ProjectsOptions, ScheduleValidator>();
        services.AddOptionsSection<WebOptions>()
            .ValidatedBy<WebOptions, WebOptionsValidator>()
            .ValidatedBy<WebOptions, WebAddressesValidator>();
        services.AddOptionsSection<ScaleOptions>().ValidatedBy<ScaleOptions, ScaleOptionsValidator>();
        services.AddSingleton(new SecretResolver());
        services.AddMetrics();
        services.AddHttpClient();
        services.AddLabelBridgeStore(options.Store);
        services.AddLabelBridgeEmbeddings();
        services.AddDefaultModelInstaller();
        services.AddSingleton<IModelProvisioning, DefaultModelProvisioning>();
        services.AddCvatPlatform();
        services.AddLabelStudioPlatform();
        services.AddLabelBridgeAnalysis();
        services.AddLabelBridgeCore();
        return services;
    }
}
