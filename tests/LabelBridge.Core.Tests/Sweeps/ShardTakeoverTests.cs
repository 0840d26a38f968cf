using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;
using Microsoft.Extensions.Logging.Testing;

namespace LabelBridge.Core.Tests.Sweeps;

/// <summary>Issue #19 (leftovers, item 2): an embedding shard run that another worker has started again since (Quartz took
/// the first worker for dead while it was only slow) stops reading images and embedding, instead of running to its end
/// beside the other.</summary>
public sealed class ShardTakeoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shard_run_whose_shard_another_worker_started_since_stops_embedding_and_leaves_it_to_that_worker()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await ShardedSweepAsync(bench);
        var embedding = new MinuteStall();
        bench.Embedder.DuringNext = embedding.RunAsync;
        var slowLog = new FakeLogger<EmbeddingShardWork>();
        var slow = bench.ShardWork(slowLog, TimeSpan.FromMilliseconds(20));

        var first = Task.Run(() => slow.RunAsync(sweep, 1, "worker-a", recovering: false, Ct), Ct);
        await embedding.Started.WaitAsync(Ct);
        var again = await bench.ShardWork(new FakeLogger<EmbeddingShardWork>()).RunAsync(sweep, 1, "worker-b", recovering: true, Ct);
        var abandoned = await first.WaitAsync(Ct);

        Assert.True(embedding.Stopped);
        Assert.Null(again);
        Assert.Null(abandoned);
        var shard = (await bench.Shards.GetShardsAsync(sweep, Ct)).Single(s => s.Index == 1);
        Assert.Equal("worker-b", shard.CompletedBy);
        Assert.Equal(2, shard.Attempts);
        Assert.Contains(slowLog.Collector.GetSnapshot(), r => r.Message.Contains("another worker took this shard over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shard_run_that_keeps_its_shard_is_not_stopped_by_its_checks()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await ShardedSweepAsync(bench);
        bench.Embedder.DuringNext = token => Task.Delay(TimeSpan.FromMilliseconds(200), token);

        await bench.ShardWork(new FakeLogger<EmbeddingShardWork>(), TimeSpan.FromMilliseconds(1)).RunAsync(sweep, 1, "worker-a", recovering: false, Ct);

        var shard = (await bench.Shards.GetShardsAsync(sweep, Ct)).Single(s => s.Index == 1);
        Assert.Equal("worker-a", shard.CompletedBy);
    }

    /// <summary>A running sweep of the bench's project with its snapshot checkpoint and two shards of five frames.</summary>
    private static async Task<long> ShardedSweepAsync(SweepBench bench)
    {
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, bench.Connector.Snapshot, annotationsPerPart: 4, Ct);
        await bench.Shards.CreateShardsAsync(sweep.Id, [
            SweepCheckpoints.Serialize<IReadOnlyList<string>>(["cvat:frame/0", "cvat:frame/1", "cvat:frame/2", "cvat:frame/3", "cvat:frame/4"]),
            SweepCheckpoints.Serialize<IReadOnlyList<string>>(["cvat:frame/5", "cvat:frame/6", "cvat:frame/7", "cvat:frame/8", "cvat:frame/9"]),
        ], Ct);
        Assert.Equal(SweepStatus.Running, (await bench.Store.GetSweepAsync(sweep.Id, Ct))!.Status);
        return sweep.Id;
    }
}
