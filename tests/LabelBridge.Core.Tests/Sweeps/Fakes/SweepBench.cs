using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>The sweep use case wired as production wires it, over an in-memory platform, listed embeddings and findings,
/// and a real SQLite store in a temp file.</summary>
internal sealed class SweepBench : IAsyncDisposable
{
    private readonly TempDirectory directory = new();
    private readonly ServiceProvider services;
    private readonly TestMeterFactory meters = new();
    private readonly SweepMetrics metrics;

    private SweepBench(int annotations, int snapshotPartSize, int checkpointPartBytes, TimeSpan? ownerCheckInterval)
    {
        Connector = new InMemoryConnector(annotations);
        services = new ServiceCollection()
            .AddLabelBridgeStore(new StoreOptions { SqlitePath = Path.Combine(directory.Path, "labelbridge.db") })
            .BuildServiceProvider();
        Store = services.GetRequiredService<ILabelBridgeStore>();
        metrics = new SweepMetrics(meters);
        Runner = new SweepRunner(Store, Embedder, Analyzer, metrics, TimeProvider.System, Log)
        {
            SnapshotPartSize = snapshotPartSize,
            OwnerCheckInterval = ownerCheckInterval ?? TimeSpan.FromSeconds(5),
            CheckpointPartBytes = checkpointPartBytes,
        };
    }

    public InMemoryConnector Connector { get; }

    public ListedEmbedder Embedder { get; } = new();

    public ListedAnalyzer Analyzer { get; } = new();

    public ILabelBridgeStore Store { get; }

    public ISweepShardStore Shards => services.GetRequiredService<ISweepShardStore>();

    public SweepMetrics Metrics => metrics;

    public SweepRunner Runner { get; }

    /// <summary>What the runner logged.</summary>
    public FakeLogger<SweepRunner> Log { get; } = new();

    public ProjectOptions Project { get; } = new() { Name = "pets", Platform = "memory", RemoteProjectId = "1" };

    /// <param name="annotations">Boxes in the project, one per frame.</param>
    /// <param name="snapshotPartSize">Annotations per part of the snapshot checkpoint.</param>
    /// <param name="checkpointPartBytes">Bytes per part of the analysis and report checkpoints.</param>
    /// <param name="ownerCheckInterval">How often a run reads, during a stage, whether it still owns its sweep.</param>
    public static async Task<SweepBench> StartAsync(
        int annotations = 6, int snapshotPartSize = SnapshotCheckpoint.AnnotationsPerPart, int checkpointPartBytes = PartedCheckpoint.BytesPerPart,
        TimeSpan? ownerCheckInterval = null)
    {
        var bench = new SweepBench(annotations, snapshotPartSize, checkpointPartBytes, ownerCheckInterval);
        await bench.Store.InitializeAsync(TestContext.Current.CancellationToken);
        return bench;
    }

    /// <summary>Deletes a part of a sweep (the store has no verb for it: parts go with their sweep), as a lost row would be.</summary>
    public async Task DeleteSweepPartAsync(long sweepId, string name)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, "labelbridge.db")};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sweep_checkpoints WHERE sweep_id = $sweep AND stage = $stage";
        command.Parameters.AddWithValue("$sweep", sweepId);
        command.Parameters.AddWithValue("$stage", "part:" + name);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The embedding-shard work of a worker, over this bench's store, platform and embedder.</summary>
    /// <param name="log">Where it logs.</param>
    /// <param name="ownerCheckInterval">How often a shard run reads whether it still holds its shard.</param>
    public EmbeddingShardWork ShardWork(FakeLogger<EmbeddingShardWork> log, TimeSpan? ownerCheckInterval = null)
    {
        var catalog = new ProjectCatalog(
            Options.Create(new ProjectsOptions([Project])),
            Options.Create(new PlatformsOptions([new PlatformOptions { Name = "memory", Kind = PlatformKind.Cvat }])),
            [new SingleConnector(Connector)]);
        return new EmbeddingShardWork(Store, Shards, Embedder, catalog, new NoModels(), metrics, Options.Create(new EmbeddingOptions()), TimeProvider.System, log)
        {
            OwnerCheckInterval = ownerCheckInterval ?? TimeSpan.FromSeconds(5),
        };
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

    private sealed class SingleConnector(IPlatformConnector connector) : IPlatformConnectorFactory
    {
        public PlatformKind Kind => PlatformKind.Cvat;

        public IPlatformConnector Create(PlatformOptions platform) => connector;
    }

    private sealed class NoModels : IModelProvisioning
    {
        public Task EnsureAsync(string embedder, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
