using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LabelBridge.LabelStudio.Tests.Fixtures;

/// <summary>An emulator on loopback and a connector wired the way the host wires it (DI, IHttpClientFactory, fake logging).</summary>
internal sealed class Harness : IAsyncDisposable
{
    public const string TokenVariable = "LS_TOKEN";

    private readonly ServiceProvider services;

    private Harness(LabelStudioEmulator emulator, ServiceProvider services, PlatformOptions platform)
    {
        Emulator = emulator;
        this.services = services;
        Platform = platform;
    }

    public LabelStudioEmulator Emulator { get; }

    public PlatformOptions Platform { get; }

    public FakeLogCollector Logs => services.GetFakeLogCollector();

    public LabelStudioConnector Connector => services.GetRequiredService<LabelStudioConnectorFactory>().CreateConnector(Platform);

    public static async Task<Harness> StartAsync(
        PlatformAuthScheme scheme = PlatformAuthScheme.Bearer,
        TimeProvider? clientClock = null,
        LabelStudioEmulatorOptions? emulatorOptions = null,
        Action<PlatformOptions>? configure = null,
        Func<LabelStudioEmulator, string>? credential = null)
    {
        var emulator = await LabelStudioEmulator.StartAsync(emulatorOptions, TestContext.Current.CancellationToken);
        var secret = credential?.Invoke(emulator) ?? (scheme == PlatformAuthScheme.Token ? emulator.LegacyToken : emulator.PersonalAccessToken);
        var platform = new PlatformOptions
        {
            Name = "ls-test",
            Kind = PlatformKind.LabelStudio,
            Url = emulator.BaseUrl,
            AuthScheme = scheme,
            Credentials = new SecretOptions { Env = TokenVariable },
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(platform);
        var collection = new ServiceCollection();
        collection.AddSingleton(clientClock ?? TimeProvider.System);
        collection.AddSingleton(new SecretResolver(name => name == TokenVariable ? secret : null));
        collection.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        collection.AddLabelStudioPlatform();
        return new Harness(emulator, collection.BuildServiceProvider(), platform);
    }

    /// <summary>Seeds a project with the standard config and one task per image, returning the project id.</summary>
    public long AddProject(string config = Regions.RectangleConfig) => Emulator.Model.AddProject("Pets", config).Id;

    /// <summary>Uploads a generated image and adds a task pointing at it by its relative /data/upload/ URL.</summary>
    public long AddTask(long projectId, string fileName, int width = 200, int height = 100)
    {
        var path = $"/data/upload/{projectId}/{fileName}";
        Emulator.Model.PutFile(path, TestImages.Png(width, height));
        return Emulator.Model.AddTask(projectId, new System.Text.Json.Nodes.JsonObject { ["image"] = path }).Id;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
