using System.Diagnostics.Metrics;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LabelBridge.Storage.Tests.Sweeps;

/// <summary>Issue #15 item 1: a sweep has an overall deadline after which it pauses (resumable) instead of holding its slot.</summary>
public sealed class SweepDeadlineTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "labelbridge-deadline-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_still_reading_at_its_deadline_pauses_with_the_reason_and_stays_resumable()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        using var store = new SqliteStore(Path.Combine(directory, "labelbridge.db"), clock, NullLogger<SqliteStore>.Instance);
        await store.InitializeAsync(Ct);
        using var meters = new MeterFactory();
        using var metrics = new SweepMetrics(meters);
        var runner = new SweepRunner(store, new UnusedEmbedder(), new UnusedAnalyzer(), metrics, clock, NullLogger<SweepRunner>.Instance);
        var connector = new StalledConnector();
        var project = new ProjectOptions { Name = "shelves", Platform = "cvat", RemoteProjectId = "1", SweepDeadline = TimeSpan.FromHours(6) };

        var running = runner.RunAsync(new SweepRequest(project, connector, "schedule"), null, Ct);
        await connector.Reading.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        clock.Advance(TimeSpan.FromHours(6));
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(SweepStatus.Paused, outcome.Status);
        Assert.Contains("SweepDeadline (06:00:00)", outcome.Error, StringComparison.Ordinal);
        var unfinished = await store.FindUnfinishedSweepAsync("shelves", Ct);
        Assert.Equal(outcome.SweepId, unfinished?.Id);
    }

    [Fact]
    public async Task Sweep_cancelled_by_its_caller_before_the_deadline_is_not_reported_as_paused_by_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        using var store = new SqliteStore(Path.Combine(directory, "labelbridge.db"), clock, NullLogger<SqliteStore>.Instance);
        await store.InitializeAsync(Ct);
        using var meters = new MeterFactory();
        using var metrics = new SweepMetrics(meters);
        var runner = new SweepRunner(store, new UnusedEmbedder(), new UnusedAnalyzer(), metrics, clock, NullLogger<SweepRunner>.Instance);
        var connector = new StalledConnector();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var project = new ProjectOptions { Name = "shelves", Platform = "cvat", RemoteProjectId = "1" };

        var running = runner.RunAsync(new SweepRequest(project, connector, "manual"), null, caller.Token);
        await connector.Reading.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A platform that answers the project read's headers and then nothing, until the read is cancelled.</summary>
    private sealed class StalledConnector : IPlatformConnector
    {
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PlatformKind Kind => PlatformKind.Cvat;

        public async Task<ProjectSnapshot> ReadProjectAsync(string remoteProjectId, CancellationToken cancellationToken)
        {
            Reading.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ImageFetchResult> FetchImageAsync(Item item, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<WriteBackResult> WriteBackAsync(WriteBackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PlatformDecision>> ReadDecisionsAsync(ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ReadProblem?> DismissAsync(ProjectSnapshot snapshot, MarkerReference marker, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class UnusedEmbedder : IAnnotationEmbedder
    {
        public Task<EmbeddingSet> EmbedAsync(EmbeddingRequest request, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the sweep never gets past its snapshot here");
    }

    private sealed class UnusedAnalyzer : IProjectAnalyzer
    {
        public string Version => "unused";

        public ProjectAnalysis Analyze(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the sweep never gets past its snapshot here");
    }

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
