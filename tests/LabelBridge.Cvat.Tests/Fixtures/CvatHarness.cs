using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LabelBridge.Cvat.Tests.Fixtures;

/// <summary>A running CVAT emulator and connectors built the way the host builds them (AddCvatPlatform), with
/// every log line captured.</summary>
internal sealed class CvatHarness : IAsyncDisposable
{
    public const string TokenVariable = "LB_TEST_CVAT_TOKEN";

    private readonly Dictionary<string, string> environment = [];
    private readonly ServiceProvider services;

    private CvatHarness(CvatEmulator emulator, TimeProvider? clock)
    {
        Emulator = emulator;
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton(new SecretResolver(name => environment.GetValueOrDefault(name)));
        if (clock is not null)
        {
            // A fake clock moves only when the test advances it, so a retry that waits between attempts would wait
            // forever: on the fake clock retries follow each other at once.
            collection.AddSingleton(clock);
        }

        collection.AddSingleton(new LabelBridge.Platforms.Resilience.PlatformRetrySettings(3, clock is null ? TimeSpan.FromMilliseconds(20) : TimeSpan.Zero));
        collection.AddCvatPlatform();
        services = collection.BuildServiceProvider();
    }

    public CvatEmulator Emulator { get; }

    public FakeLogCollector Logs => services.GetFakeLogCollector();

    /// <param name="options">The emulator's options.</param>
    /// <param name="clock">The connectors' clock (resilience pipelines, read deadlines); the system clock when null.</param>
    public static async Task<CvatHarness> StartAsync(CvatEmulatorOptions? options = null, TimeProvider? clock = null) =>
        new(await CvatEmulator.StartAsync(options, TestContext.Current.CancellationToken), clock);

    public PlatformOptions Platform(Action<PlatformOptions>? configure = null)
    {
        var platform = new PlatformOptions
        {
            Name = "cvat-test",
            Kind = PlatformKind.Cvat,
            Url = Emulator.BaseUrl,
            AuthScheme = PlatformAuthScheme.Bearer,
            Credentials = new SecretOptions { Env = TokenVariable },
            PageSize = 2,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(platform);
        return platform;
    }

    /// <summary>A connector for the emulator; <paramref name="secret"/> defaults to the emulator's access token.</summary>
    public IPlatformConnector Connector(Action<PlatformOptions>? configure = null, string? secret = null)
    {
        environment[TokenVariable] = secret ?? Emulator.AccessToken;
        var factory = services.GetServices<IPlatformConnectorFactory>().Single(f => f.Kind == PlatformKind.Cvat);
        return factory.Create(Platform(configure));
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
