using LabelBridge.Core.Storage;

namespace LabelBridge.Storage.Tests.Contract;

/// <summary>The embedding-shard bookkeeping several workers rely on: created once, completed once, the last one
/// reported to exactly one worker however the completions interleave.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Shards_are_recorded_once_and_listed_in_order_with_their_scope()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);

        var first = await Store.CreateShardsAsync(sweep.Id, [new byte[] { 1 }, new byte[] { 2, 2 }, new byte[] { 3 }], Ct);
        var second = await Reopen().CreateShardsAsync(sweep.Id, [new byte[] { 9 }], Ct);

        Assert.True(first);
        Assert.False(second);
        var shards = await Store.GetShardsAsync(sweep.Id, Ct);
        Assert.Equal([0, 1, 2], shards.Select(s => s.Index));
        Assert.Equal([2, 2], shards[1].Scope);
        Assert.All(shards, s => Assert.False(s.IsComplete));
        Assert.Empty(await Store.GetShardsAsync(sweep.Id + 1, Ct));
    }

    [Fact]
    public async Task Claims_count_the_attempts_and_keep_the_latest_worker()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        await Store.CreateShardsAsync(sweep.Id, [new byte[] { 1 }, new byte[] { 2 }], Ct);

        await Store.ClaimShardAsync(sweep.Id, 1, "worker-a", Samples.Time(1), Ct);
        await Store.ClaimShardAsync(sweep.Id, 1, "worker-b", Samples.Time(2), Ct);

        var shards = await Store.GetShardsAsync(sweep.Id, Ct);
        Assert.Equal((0, null), (shards[0].Attempts, shards[0].ClaimedBy));
        Assert.Equal((2, "worker-b"), (shards[1].Attempts, shards[1].ClaimedBy));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ClaimShardAsync(sweep.Id, 2, "worker-a", Samples.Time(3), Ct));
    }

    [Fact]
    public async Task Completing_counts_down_and_a_shard_completed_twice_counts_once()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        await Store.CreateShardsAsync(sweep.Id, [new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 }], Ct);

        var first = await Store.CompleteShardAsync(sweep.Id, 2, "worker-a", new byte[] { 42 }, Samples.Time(1), Ct);
        var again = await Store.CompleteShardAsync(sweep.Id, 2, "worker-b", new byte[] { 43 }, Samples.Time(2), Ct);
        var second = await Store.CompleteShardAsync(sweep.Id, 0, "worker-b", new byte[] { 44 }, Samples.Time(3), Ct);
        var last = await Store.CompleteShardAsync(sweep.Id, 1, "worker-a", new byte[] { 45 }, Samples.Time(4), Ct);

        Assert.Equal(new ShardCompletion(true, 2), first);
        Assert.Equal(new ShardCompletion(false, 2), again);
        Assert.Equal(new ShardCompletion(true, 1), second);
        Assert.Equal(new ShardCompletion(true, 0), last);
        Assert.True(last.FinishedLast);
        var shard = (await Store.GetShardsAsync(sweep.Id, Ct))[2];
        Assert.Equal(("worker-a", Samples.Time(1)), (shard.CompletedBy, shard.CompletedAt));
        Assert.Equal([42], shard.Result);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CompleteShardAsync(sweep.Id, 3, "worker-a", new byte[] { 1 }, Samples.Time(5), Ct));
    }

    [Fact]
    public async Task Racing_workers_completing_every_shard_twice_see_the_last_one_exactly_once()
    {
        const int shardCount = 12;
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        await Store.CreateShardsAsync(sweep.Id, [.. Enumerable.Range(0, shardCount).Select(i => new ReadOnlyMemory<byte>([(byte)i]))], Ct);
        var workers = Enumerable.Range(0, 4).Select(_ => Reopen()).ToList();

        var completions = await Task.WhenAll(Enumerable.Range(0, 2 * shardCount).Select(i => Task.Run(
            () => workers[i % workers.Count].CompleteShardAsync(sweep.Id, i % shardCount, $"worker-{i % workers.Count}", new byte[] { 1 }, Samples.Time(1), Ct),
            Ct)));

        Assert.Single(completions, c => c.FinishedLast);
        Assert.Equal(shardCount, completions.Count(c => c.CompletedNow));
        Assert.All(await Store.GetShardsAsync(sweep.Id, Ct), s => Assert.True(s.IsComplete));
    }

    [Fact]
    public async Task The_integrity_check_reports_a_shard_count_that_disagrees_with_the_shards()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        await Store.CreateShardsAsync(sweep.Id, [new byte[] { 1 }, new byte[] { 2 }], Ct);
        await Store.CompleteShardAsync(sweep.Id, 0, "worker-a", new byte[] { 1 }, Samples.Time(1), Ct);
        Assert.Empty(await Store.CheckIntegrityAsync(Ct));

        await ExecuteSqlAsync($"UPDATE sweep_shards SET completed_at = NULL WHERE sweep_id = {sweep.Id}");

        var problem = Assert.Single(await Store.CheckIntegrityAsync(Ct));
        Assert.Contains($"remaining embedding shards disagrees with their shards: {sweep.Id}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_of_a_sweep_that_does_not_exist_are_refused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateShardsAsync(404, [new byte[] { 1 }], Ct));
    }

    [Fact]
    public async Task Deleting_a_sweep_deletes_its_shards()
    {
        var sweep = await Store.CreateSweepAsync(Samples.Project, "schedule", Samples.Time(0), Ct);
        await Store.CreateShardsAsync(sweep.Id, [new byte[] { 1 }], Ct);

        await ExecuteSqlAsync($"DELETE FROM sweeps WHERE id = {sweep.Id}");

        Assert.Empty(await Store.GetShardsAsync(sweep.Id, Ct));
    }
}
