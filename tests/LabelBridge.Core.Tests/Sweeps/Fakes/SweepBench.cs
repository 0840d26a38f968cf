using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>The sweep use case wired as production wires it, over an in-memory platform, listed embeddings and findings,
/// and a real SQLite store in a temp file.</summary>
internal sealed class SweepBench : IAsyncDisposable
{
    private readonly TempDirectory directory = new();
    private readonly ServiceProvider services;
    private readonly TestMeterFactory meters = new();
    private readonly SweepMetrics metrics;

    private SweepBench(int annotations, int snapshotPartSize, int checkpointPartBytes)
    {
        Connector = new InMemoryConnector(annotations);
        services = new ServiceCollection()
            .AddLabelBridgeStore(new StoreOptions { SqlitePath = Path.Combine(directory.Path, "labelbridge.db") })
            .BuildServiceProvider();
        Store = services.GetRequiredService<ILabelBridgeStore>();
        metrics = new SweepMetrics(meters);
        Runner = new SweepRunner(Store, Embedder, Analyzer, metrics, TimeProvider.System, NullLogger<SweepRunner>.Instance)
        {
            SnapshotPartSize = snapshotPartSize,
            CheckpointPartBytes = checkpointPartBytes,
        };
    }

    public InMemoryConnector Connector { get; }

    public ListedEmbedder Embedder { get; } = new();

    public ListedAnalyzer Analyzer { get; } = new();

    public ILabelBridgeStore Store { get; }

    public SweepRunner Runner { get; }

    public ProjectOptions Project { get; } = new() { Name = "pets", Platform = "memory", RemoteProjectId = "1" };

    /// <param name="annotations">Boxes in the project, one per frame.</param>
    /// <param name="snapshotPartSize">Annotations per part of the snapshot checkpoint.</param>
    /// <param name="checkpointPartBytes">Bytes per part of the analysis and report checkpoints.</param>
    public static async Task<SweepBench> StartAsync(
        int annotations = 6, int snapshotPartSize = SnapshotCheckpoint.AnnotationsPerPart, int checkpointPartBytes = PartedCheckpoint.BytesPerPart)
    {
        var bench = new SweepBench(annotations, snapshotPartSize, checkpointPartBytes);
        await bench.Store.InitializeAsync(TestContext.Current.CancellationToken);
        return bench;
    }

    public Task<SweepOutcome> SweepAsync() =>
        Runner.RunAsync(new SweepRequest(Project, Connector, "manual"), null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        metrics.Dispose();
        meters.Dispose();
        directory.Dispose();
    }
}
