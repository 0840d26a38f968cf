using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;
using LabelBridge.Emulators.Scenes;

namespace LabelBridge.Host.Demo;

/// <summary>The demo's set-up: a CVAT emulator on loopback holding generated scenes, and a configuration that
/// points a project at it with the embedded defaults (SQLite, default embedder).</summary>
internal sealed class DemoRun : IAsyncDisposable
{
    public const string ProjectName = "demo";
    public const string TokenVariable = "DEMO_CVAT_TOKEN";

    private DemoRun(CvatEmulator emulator, SceneProject project, LabelBridgeOptions options)
    {
        Emulator = emulator;
        Project = project;
        Options = options;
    }

    public CvatEmulator Emulator { get; }

    public SceneProject Project { get; }

    public LabelBridgeOptions Options { get; }

    public static async Task<DemoRun> StartAsync(FashionMnist data, SceneOptions scenes, string dataDirectory, string embedder, string modelDirectory, CancellationToken cancellationToken)
    {
        var emulator = await CvatEmulator.StartAsync(cancellationToken: cancellationToken);
        var project = SceneGenerator.Populate(emulator.Model, SceneDomain.Shelves(data), scenes);
        Environment.SetEnvironmentVariable(TokenVariable, emulator.AccessToken);
        var options = new LabelBridgeOptions
        {
            Platforms =
            [
                new PlatformOptions { Name = "demo-cvat", Kind = PlatformKind.Cvat, Url = emulator.BaseUrl, Credentials = new SecretOptions { Env = TokenVariable } },
            ],
            Projects =
            [
                new ProjectOptions
                {
                    Name = ProjectName,
                    Platform = "demo-cvat",
                    RemoteProjectId = project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    WriteBack = WriteBackMode.Markers,
                },
            ],
            Embedding = new EmbeddingOptions { Embedder = embedder, ModelDirectory = modelDirectory },
            Store = new StoreOptions { SqlitePath = Path.Combine(dataDirectory, "labelbridge.db") },
        };
        return new DemoRun(emulator, project, options);
    }

    /// <summary>The markers now in the emulated CVAT, each mapped to its annotation through the finding key it
    /// carries, judged against the planted errors.</summary>
    public FlagScore Score(SweepReport report)
    {
        var annotationOf = report.Findings.ToDictionary(f => f.Key, f => f.AnnotationKey, StringComparer.Ordinal);
        var markers = WrittenMarkers.FromCvat(Emulator.Model, message => FindingKeys.ParseMarker(message) is { } key
            ? new WrittenMarker(annotationOf.GetValueOrDefault(key), FindingKeys.KindOf(key)?.ToString() ?? "unknown")
            : null);
        return FlagScore.Compute(markers, Project.Errors);
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
