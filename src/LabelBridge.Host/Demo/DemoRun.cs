using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat;

namespace LabelBridge.Host.Demo;

/// <summary>The demo's set-up: a CVAT emulator on loopback holding generated scenes, and a configuration that
/// points a project at it with the embedded defaults (SQLite, default embedder).</summary>
internal sealed class DemoRun : IAsyncDisposable
{
    public const string ProjectName = "demo";
    public const string TokenVariable = "DEMO_CVAT_TOKEN";

    private DemoRun(CvatEmulator emulator, DemoProject project, LabelBridgeOptions options)
    {
        Emulator = emulator;
        Project = project;
        Options = options;
    }

    public CvatEmulator Emulator { get; }

    public DemoProject Project { get; }

    public LabelBridgeOptions Options { get; }

    public static async Task<DemoRun> StartAsync(FashionMnist data, DemoSceneOptions scenes, string dataDirectory, string embedder, string modelDirectory, CancellationToken cancellationToken)
    {
        var emulator = await CvatEmulator.StartAsync(cancellationToken: cancellationToken);
        var project = DemoScenes.Populate(emulator.Model, data, scenes);
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

    /// <summary>How many planted errors of each kind the sweep flagged, and how many flags hit no planted error.</summary>
    public DemoScore Score(SweepReport report)
    {
        var flagged = report.Findings.Select(f => f.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        var planted = Project.Errors.Select(e => e.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        var byKind = Project.Errors.GroupBy(e => e.Kind)
            .Select(g => new DemoKindScore(g.Key, g.Count(), g.Count(e => flagged.Contains(e.AnnotationKey))))
            .ToList();
        var hits = flagged.Count(planted.Contains);
        return new DemoScore(byKind, flagged.Count, hits, Emulator.Model.Issues.Count);
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}

internal sealed record DemoKindScore(string Kind, int Planted, int Found);

/// <summary>The demo's result against its planted errors.</summary>
/// <param name="Kinds">Planted and found, per kind of error.</param>
/// <param name="FlaggedAnnotations">Annotations with at least one finding.</param>
/// <param name="FlaggedPlanted">Of those, how many carry a planted error.</param>
/// <param name="IssuesInCvat">Issues now open in the emulated CVAT.</param>
internal sealed record DemoScore(IReadOnlyList<DemoKindScore> Kinds, int FlaggedAnnotations, int FlaggedPlanted, int IssuesInCvat);
