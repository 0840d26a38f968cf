using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Host.Demo;
using LabelBridge.Host.Sweeps;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>A CVAT emulator on loopback filled with demo scenes, and the real worker services pointed at it
/// with a fresh SQLite file.</summary>
internal sealed class CvatSweepHarness : IAsyncDisposable
{
    private readonly TempDirectory directory;
    private readonly ServiceProvider services;

    private CvatSweepHarness(TempDirectory directory, CvatEmulator emulator, DemoProject project, LabelBridgeOptions options)
    {
        this.directory = directory;
        Emulator = emulator;
        Project = project;
        Options = options;
        services = (ServiceProvider)WorkerServices.Build(options);
    }

    public CvatEmulator Emulator { get; }

    public DemoProject Project { get; }

    public LabelBridgeOptions Options { get; }

    public string Directory => directory.Path;

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public static async Task<CvatSweepHarness> StartAsync(DemoSceneOptions? scenes = null, WriteBackMode writeBack = WriteBackMode.Markers)
    {
        var data = await FashionMnistFixture.LoadAsync();
        var emulator = await CvatEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var project = DemoScenes.Populate(emulator.Model, data, scenes ?? new DemoSceneOptions(FramesPerTask: 12, JobSize: 6));
        var tokenVariable = $"CVAT_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(tokenVariable, emulator.AccessToken);
        var directory = new TempDirectory();
        var options = new LabelBridgeOptions
        {
            Platforms = [new PlatformOptions { Name = "cvat", Kind = PlatformKind.Cvat, Url = emulator.BaseUrl, Credentials = new SecretOptions { Env = tokenVariable } }],
            Projects =
            [
                new ProjectOptions
                {
                    Name = "shelves",
                    Platform = "cvat",
                    RemoteProjectId = project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    WriteBack = writeBack,
                },
            ],
            Embedding = new EmbeddingOptions { Embedder = "pixel" },
            Store = new StoreOptions { SqlitePath = Path.Combine(directory.Path, "labelbridge.db") },
        };
        return new CvatSweepHarness(directory, emulator, project, options);
    }

    public Task<SweepOutcome> SweepAsync(string trigger = "schedule", WriteBackMode? writeBack = null) =>
        Get<ProjectSweeps>().RunAsync("shelves", trigger, writeBack, null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Emulator.DisposeAsync();
        directory.Dispose();
    }
}
