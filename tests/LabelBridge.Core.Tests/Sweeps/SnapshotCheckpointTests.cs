using System.Text;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps;

/// <summary>The snapshot checkpoint in parts, against a real SQLite store: what is written, what reads back, and a sweep
/// that resumes from it.</summary>
public sealed class SnapshotCheckpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_written_in_parts_reads_back_as_it_was_and_no_part_holds_more_than_the_part_size()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var snapshot = bench.Connector.Snapshot with { Server = "cvat.example" };
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);

        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, snapshot, annotationsPerPart: 4, Ct);

        var sizes = new List<int>();
        for (var part = 0; await bench.Store.GetSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(part), Ct) is { } data; part++)
        {
            sizes.Add(SweepCheckpoints.Deserialize<List<Annotation>>(data).Count);
        }

        Assert.Equal([4, 4, 2], sizes);
        var stage = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct);
        Assert.DoesNotContain("cvat:shape/", Encoding.UTF8.GetString(stage!), StringComparison.Ordinal);
        Assert.Equal(SweepStage.Snapshot, (await bench.Store.GetSweepAsync(sweep.Id, Ct))!.Stage);

        var read = await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct);

        AssertSame(snapshot, read!);
        Assert.Equal("cvat.example", read!.Server);
    }

    [Fact]
    public async Task A_reader_of_some_items_reads_only_the_parts_that_hold_their_annotations()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var snapshot = bench.Connector.Snapshot;
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, snapshot, annotationsPerPart: 4, Ct);
        // Parts 0 and 2 made unreadable: a reader of frames 4 and 6 (both in part 1) must not open them.
        await bench.Store.PutSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(0), "not json"u8.ToArray(), Ct);
        await bench.Store.PutSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(2), "not json"u8.ToArray(), Ct);
        var checkpoint = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct);

        var shard = await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, checkpoint!, new HashSet<string>(["cvat:frame/4", "cvat:frame/6"]), Ct);

        Assert.Equal(["cvat:frame/4", "cvat:frame/6"], shard.Items.Select(i => i.Key));
        Assert.Equal([snapshot.Annotations[4], snapshot.Annotations[6]], shard.Annotations);
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct));
    }

    [Fact]
    public async Task A_part_left_over_from_a_longer_earlier_attempt_is_not_read()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, bench.Connector.Snapshot, annotationsPerPart: 4, Ct);
        var shorter = bench.Connector.Snapshot with { Annotations = [.. bench.Connector.Snapshot.Annotations.Take(5)] };

        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, shorter, annotationsPerPart: 4, Ct);

        Assert.NotNull(await bench.Store.GetSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(2), Ct));
        AssertSame(shorter, (await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct))!);
    }

    [Fact]
    public async Task A_snapshot_checkpoint_written_whole_before_parts_existed_still_reads()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var snapshot = bench.Connector.Snapshot;
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await bench.Store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, SweepCheckpoints.Serialize(snapshot), Ct);

        AssertSame(snapshot, (await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct))!);
        var checkpoint = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct);
        var shard = await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, checkpoint!, new HashSet<string>(["cvat:frame/9"]), Ct);
        Assert.Equal([snapshot.Annotations[9]], shard.Annotations);
    }

    [Fact]
    public async Task A_sweep_paused_after_its_analysis_resumes_from_the_snapshot_in_parts_without_reading_the_platform_again()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10, snapshotPartSize: 4);
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(1, 0.9));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(9, 0.8));
        bench.Connector.WritesUnavailable = true;

        var paused = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.NotNull(await bench.Store.GetSweepPartAsync(paused.SweepId, SnapshotCheckpoint.PartName(2), Ct));

        bench.Connector.WritesUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.True(resumed.Resumed);
        Assert.Equal(1, bench.Connector.Reads);
        Assert.True(resumed.Report!.Stages.Single(s => s.Stage == "Snapshot").Resumed);
        Assert.Equal(10, resumed.Report.Counts.AnnotationsRead);
        AssertSame(bench.Connector.Snapshot, bench.Connector.WriteBacks.Single().Snapshot);
        Assert.Equal(2, resumed.Report.Counts.MarkersWritten);
    }

    private static void AssertSame(ProjectSnapshot expected, ProjectSnapshot actual)
    {
        Assert.Equal(expected.Platform, actual.Platform);
        Assert.Equal(expected.RemoteProjectId, actual.RemoteProjectId);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Annotations, actual.Annotations);
        Assert.Equal(expected.Problems, actual.Problems);
    }
}
