using System.Collections.Concurrent;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Webhooks;
using LabelBridge.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Tests.Fixtures;

/// <summary>LabelBridge's Label Studio endpoints on loopback, with a real SQLite store, talking to a Label Studio emulator.</summary>
internal sealed class EndpointHost : IAsyncDisposable
{
    public const string WebhookSecret = "hook-secret-4f1c";
    public const string ProjectName = "pets";

    private readonly WebApplication app;
    private readonly ServiceProvider clientServices;
    private readonly string databaseDirectory;

    private EndpointHost(WebApplication app, Harness harness, long project, string databaseDirectory, ConcurrentQueue<(string, string)> sweepRequests)
    {
        this.app = app;
        SweepRequests = sweepRequests;
        Harness = harness;
        Project = project;
        this.databaseDirectory = databaseDirectory;
        clientServices = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    }

    public Harness Harness { get; }

    public long Project { get; }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public ConcurrentQueue<(string Project, string Trigger)> SweepRequests { get; }

    public ILabelBridgeStore Store => app.Services.GetRequiredService<ILabelBridgeStore>();

    public HttpClient Client => clientServices.GetRequiredService<IHttpClientFactory>().CreateClient();

    public static async Task<EndpointHost> StartAsync(LabelStudioEmulatorOptions? emulatorOptions = null)
    {
        var harness = await Harness.StartAsync(emulatorOptions: emulatorOptions);
        var project = harness.AddProject();
        var pat = harness.Emulator.PersonalAccessToken;
        var options = new LabelBridgeOptions();
        options.Platforms.Add(new PlatformOptions
        {
            Name = harness.Platform.Name,
            Kind = PlatformKind.LabelStudio,
            Url = harness.Emulator.BaseUrl,
            Credentials = new SecretOptions { Env = "LS_TOKEN" },
            WebhookSecret = new SecretOptions { Env = "LS_HOOK" },
        });
        options.Projects.Add(new ProjectOptions { Name = ProjectName, Platform = harness.Platform.Name, RemoteProjectId = $"{project}" });
        options.Projects.Add(new ProjectOptions { Name = "other", Platform = harness.Platform.Name, RemoteProjectId = "424242" });
        var databaseDirectory = Directory.CreateTempSubdirectory("lb-ls-").FullName;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // What `serve` sets (ServeHost.MaxRequestBodyBytes), so an endpoint that needs more must say so itself.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(new BoundConfiguration(options)); // what each section is served from, as in the host
        builder.Services.AddSingleton(new SecretResolver(name => name switch
        {
            "LS_TOKEN" => pat,
            "LS_HOOK" => WebhookSecret,
            _ => null,
        }));
        builder.Services.AddLabelBridgeStore(new StoreOptions { SqlitePath = Path.Combine(databaseDirectory, "labelbridge.db") });
        builder.Services.AddLabelStudioPlatform();
        var sweepRequests = new ConcurrentQueue<(string, string)>();
        builder.Services.AddSingleton<ISweepRequester>(new RecordingSweepRequester(sweepRequests));
        var app = builder.Build();
        var host = new EndpointHost(app, harness, project, databaseDirectory, sweepRequests);
        app.MapLabelStudioEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await host.Store.InitializeAsync(TestContext.Current.CancellationToken);
        host.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return host;
    }

    /// <summary>Waits (10 s at most) until every accepted webhook event has been handled: the receiver answers first and
    /// asks for sweeps after.</summary>
    public async Task WebhookBacklogDrainedAsync()
    {
        var backlog = app.Services.GetRequiredService<WebhookBacklog>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (backlog.Pending > 0)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>The sweep requests once the webhook backlog is drained.</summary>
    public async Task<List<(string Project, string Trigger)>> SweepRequestsAfterBacklogAsync()
    {
        await WebhookBacklogDrainedAsync();
        return [.. SweepRequests];
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await clientServices.DisposeAsync();
        await Harness.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(databaseDirectory, recursive: true);
    }

    private sealed class RecordingSweepRequester(ConcurrentQueue<(string, string)> requests) : ISweepRequester
    {
        public Task RequestSweepAsync(string project, string trigger, CancellationToken cancellationToken)
        {
            requests.Enqueue((project, trigger));
            return Task.CompletedTask;
        }
    }
}
