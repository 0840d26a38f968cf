using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Logging.Testing;

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
        var whole = await Assert.ThrowsAsync<InvalidDataException>(() => SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct));
        Assert.Contains("part snapshot/0 does not parse", whole.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_names_its_format_and_indexes_each_part_by_a_range_of_items_without_repeating_their_keys()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);

        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, bench.Connector.Snapshot, annotationsPerPart: 4, Ct);

        var stage = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct);
        var header = JsonNode.Parse(stage)!;
        Assert.Equal(SnapshotCheckpoint.Format, (int)header["format"]!);
        Assert.Equal(
            """[{"firstItem":0,"lastItem":3,"annotations":4},{"firstItem":4,"lastItem":7,"annotations":4},{"firstItem":8,"lastItem":9,"annotations":2}]""",
            header["parts"]!.ToJsonString());
        // Each item key once, in the project's item list; before, each part listed its items' keys again.
        var text = Encoding.UTF8.GetString(stage!);
        Assert.Equal(1, Occurrences(text, "\"cvat:frame/4\""));
        Assert.Equal(1, Occurrences(text, "\"cvat:frame/9\""));
    }

    [Fact]
    public async Task A_header_in_parts_written_before_the_format_was_named_still_reads_whole_and_by_items()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var snapshot = bench.Connector.Snapshot;
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        // As d1450f0 wrote it: no format, each part's item keys.
        var parts = new JsonArray();
        foreach (var chunk in snapshot.Annotations.Chunk(4))
        {
            await bench.Store.PutSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(parts.Count), SweepCheckpoints.Serialize<IReadOnlyList<Annotation>>(chunk), Ct);
            parts.Add(new JsonArray([.. chunk.Select(a => JsonValue.Create(a.ItemKey))]));
        }

        var header = new JsonObject
        {
            ["snapshot"] = JsonNode.Parse(SweepCheckpoints.Serialize(snapshot with { Annotations = [] })),
            ["annotationCount"] = snapshot.Annotations.Count,
            ["parts"] = parts,
        };
        await bench.Store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, Encoding.UTF8.GetBytes(header.ToJsonString()), Ct);
        await bench.Store.PutSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(0), "not json"u8.ToArray(), Ct);
        var checkpoint = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, Ct);

        var shard = await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, checkpoint!, new HashSet<string>(["cvat:frame/5", "cvat:frame/9"]), Ct);

        Assert.Equal([snapshot.Annotations[5], snapshot.Annotations[9]], shard.Annotations);
        await bench.Store.PutSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(0), SweepCheckpoints.Serialize<IReadOnlyList<Annotation>>(snapshot.Annotations.Take(4).ToArray()), Ct);
        AssertSame(snapshot, (await SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct))!);
    }

    [Fact]
    public async Task A_header_in_a_format_this_version_does_not_know_reads_as_a_reason_naming_the_format()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await bench.Store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, FutureHeader, Ct);

        var read = await SnapshotCheckpoint.TryReadAsync(bench.Store, sweep.Id, FutureHeader, null, Ct);

        Assert.Null(read.Snapshot);
        Assert.Contains("format 3", read.Reason, StringComparison.Ordinal);
        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => SnapshotCheckpoint.ReadAsync(bench.Store, sweep.Id, Ct));
        Assert.Equal(read.Reason, thrown.Message);
    }

    [Fact]
    public async Task A_sweep_whose_snapshot_header_is_in_an_unknown_format_reads_the_platform_again_and_finishes()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10, snapshotPartSize: 4);
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(1, 0.9));
        bench.Connector.WritesUnavailable = true;
        var paused = await bench.SweepAsync();
        Assert.Equal(SweepStatus.Paused, paused.Status);
        // As a later version might write it: a format number this one does not know, a shape it cannot deserialise.
        await bench.Store.CompleteStageAsync(paused.SweepId, SweepStage.Snapshot, FutureHeader, Ct);

        bench.Connector.WritesUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.Equal(paused.SweepId, resumed.SweepId);
        Assert.Equal(2, bench.Connector.Reads);
        Assert.False(resumed.Report!.Stages.Single(s => s.Stage == "Snapshot").Resumed);
        Assert.Equal(10, resumed.Report.Counts.AnnotationsRead);
        Assert.Contains(bench.Log.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("format 3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sweep_whose_snapshot_part_is_missing_or_unreadable_takes_the_snapshot_again_and_computes_the_later_stages_again(bool missing)
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10, snapshotPartSize: 4);
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(1, 0.9));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(9, 0.8));
        bench.Connector.WritesUnavailable = true;
        var paused = await bench.SweepAsync();
        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Equal(1, bench.Analyzer.Calls);
        if (missing)
        {
            await bench.DeleteSweepPartAsync(paused.SweepId, SnapshotCheckpoint.PartName(1));
        }
        else
        {
            await bench.Store.PutSweepPartAsync(paused.SweepId, SnapshotCheckpoint.PartName(1), "[{\"key\":"u8.ToArray(), Ct);
        }

        bench.Log.Collector.Clear();
        bench.Connector.WritesUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.True(resumed.Resumed);
        Assert.Equal(2, bench.Connector.Reads);
        Assert.Equal(2, bench.Analyzer.Calls);
        Assert.All(resumed.Report!.Stages, s => Assert.False(s.Resumed, s.Stage));
        Assert.Equal(10, resumed.Report.Counts.AnnotationsRead);
        Assert.Equal(2, resumed.Report.Counts.MarkersWritten);
        var warning = Assert.Single(bench.Log.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains(missing ? "part snapshot/1 of 3 is missing" : "part snapshot/1 does not parse", warning.Message, StringComparison.Ordinal);
        AssertSame(bench.Connector.Snapshot, (await SnapshotCheckpoint.ReadAsync(bench.Store, resumed.SweepId, Ct))!);
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

    [Fact]
    public async Task An_embedding_shard_whose_snapshot_part_is_missing_finishes_without_embedding_and_leaves_the_patches_to_the_sweep()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10);
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        await SnapshotCheckpoint.WriteAsync(bench.Store, sweep.Id, bench.Connector.Snapshot, annotationsPerPart: 4, Ct);
        await bench.Shards.CreateShardsAsync(sweep.Id, [
            SweepCheckpoints.Serialize<IReadOnlyList<string>>(["cvat:frame/0", "cvat:frame/1", "cvat:frame/2", "cvat:frame/3", "cvat:frame/4"]),
            SweepCheckpoints.Serialize<IReadOnlyList<string>>(["cvat:frame/5", "cvat:frame/6", "cvat:frame/7", "cvat:frame/8", "cvat:frame/9"]),
        ], Ct);
        await bench.DeleteSweepPartAsync(sweep.Id, SnapshotCheckpoint.PartName(1));
        var log = new FakeLogger<EmbeddingShardWork>();
        var work = bench.ShardWork(log);

        var continued = await work.RunAsync(sweep.Id, 1, "worker-a", recovering: false, Ct);

        Assert.Null(continued);
        Assert.Equal(0, bench.Embedder.Calls);
        Assert.True((await bench.Shards.GetShardsAsync(sweep.Id, Ct)).Single(s => s.Index == 1).IsComplete);
        var warning = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("part snapshot/1 of 3 is missing", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A header as a later version might write it: a format number this one does not know, and a snapshot whose
    /// shape it cannot deserialise.</summary>
    private static byte[] FutureHeader => """{"format":3,"snapshot":{"items":"in parts too"},"annotationCount":10,"parts":{"ranges":[]}}"""u8.ToArray();

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
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
