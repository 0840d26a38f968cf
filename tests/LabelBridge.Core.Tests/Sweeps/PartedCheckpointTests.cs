using System.Buffers;
using System.Text;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;

namespace LabelBridge.Core.Tests.Sweeps;

/// <summary>The analysis and report checkpoints in parts, against a real SQLite store: what is written, what reads back,
/// checkpoints written whole before parts existed, and sweeps that resume or reuse from parts.</summary>
public sealed class PartedCheckpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkpoint_written_in_parts_is_the_whole_serialisation_cut_into_parts_and_reads_back_the_same()
    {
        await using var bench = await SweepBench.StartAsync();
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        var analysis = Analysis(bench);
        var whole = SweepCheckpoints.Serialize(analysis);

        await PartedCheckpoint.WriteAsync(bench.Store, sweep.Id, SweepStage.Analysis, analysis, Ct, bytesPerPart: 100);

        var parts = new List<byte[]>();
        for (var n = 0; await bench.Store.GetSweepPartAsync(sweep.Id, PartedCheckpoint.PartName(SweepStage.Analysis, n), Ct) is { } part; n++)
        {
            parts.Add(part);
        }

        Assert.Equal((whole.Length + 99) / 100, parts.Count);
        Assert.All(parts.SkipLast(1), p => Assert.Equal(100, p.Length));
        Assert.Equal(whole, parts.SelectMany(p => p).ToArray());
        var index = await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Analysis, Ct);
        Assert.Equal(parts.Count, PartedCheckpoint.PartsOf(index!));
        Assert.DoesNotContain("findings", Encoding.UTF8.GetString(index!), StringComparison.Ordinal);
        Assert.Equal(SweepStage.Analysis, (await bench.Store.GetSweepAsync(sweep.Id, Ct))!.Stage);

        var read = await PartedCheckpoint.ReadAsync<ProjectAnalysis>(bench.Store, sweep.Id, SweepStage.Analysis, Ct);

        Assert.Equal(whole, SweepCheckpoints.Serialize(read));
        Assert.Equal(whole, (await PartedCheckpoint.ReadBytesAsync(bench.Store, sweep.Id, SweepStage.Analysis, Ct))!.Value.ToArray());
    }

    [Fact]
    public async Task A_checkpoint_written_whole_before_parts_existed_still_reads()
    {
        await using var bench = await SweepBench.StartAsync();
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        var whole = SweepCheckpoints.Serialize(Analysis(bench));
        await bench.Store.CompleteStageAsync(sweep.Id, SweepStage.Analysis, whole, Ct);

        var read = await PartedCheckpoint.ReadAsync<ProjectAnalysis>(bench.Store, sweep.Id, SweepStage.Analysis, Ct);

        Assert.Null(PartedCheckpoint.PartsOf(whole));
        Assert.Equal(whole, SweepCheckpoints.Serialize(read));
        Assert.Equal(whole, (await PartedCheckpoint.ReadBytesAsync(bench.Store, sweep.Id, SweepStage.Analysis, Ct))!.Value.ToArray());
        Assert.Null(await PartedCheckpoint.ReadAsync<ProjectAnalysis>(bench.Store, sweep.Id, SweepStage.Report, Ct));
    }

    [Fact]
    public async Task A_part_left_over_from_a_longer_earlier_attempt_is_not_read_and_a_missing_part_is_named()
    {
        await using var bench = await SweepBench.StartAsync();
        var sweep = await bench.Store.CreateSweepAsync("pets", "manual", DateTimeOffset.UnixEpoch, Ct);
        var longer = Analysis(bench);
        await PartedCheckpoint.WriteAsync(bench.Store, sweep.Id, SweepStage.Analysis, longer, Ct, bytesPerPart: 100);
        var shorter = longer with { Findings = [longer.Findings[0]] };

        await PartedCheckpoint.WriteAsync(bench.Store, sweep.Id, SweepStage.Analysis, shorter, Ct, bytesPerPart: 100);

        var count = PartedCheckpoint.PartsOf((await bench.Store.GetCheckpointAsync(sweep.Id, SweepStage.Analysis, Ct))!)!.Value;
        Assert.NotNull(await bench.Store.GetSweepPartAsync(sweep.Id, PartedCheckpoint.PartName(SweepStage.Analysis, count), Ct));
        var read = await PartedCheckpoint.ReadAsync<ProjectAnalysis>(bench.Store, sweep.Id, SweepStage.Analysis, Ct);
        Assert.Equal(SweepCheckpoints.Serialize(shorter), SweepCheckpoints.Serialize(read));

        // An index naming more parts than the store holds is an error that says so, not a short read.
        await bench.Store.CompleteStageAsync(sweep.Id, SweepStage.Analysis, """{"checkpointParts":1000,"bytes":1}"""u8.ToArray(), Ct);
        var missing = await Assert.ThrowsAsync<InvalidDataException>(() => PartedCheckpoint.ReadAsync<ProjectAnalysis>(bench.Store, sweep.Id, SweepStage.Analysis, Ct));
        Assert.Contains("part", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_writes_its_analysis_and_report_in_parts_and_the_next_sweep_reuses_the_analysis_read_from_them()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10, checkpointPartBytes: 64);
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(1, 0.9));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(9, 0.8));

        var first = await bench.SweepAsync();

        foreach (var stage in new[] { SweepStage.Analysis, SweepStage.Report })
        {
            var index = await bench.Store.GetCheckpointAsync(first.SweepId, stage, Ct);
            Assert.True(PartedCheckpoint.PartsOf(index!) > 1, $"{stage} is in parts");
        }

        var report = await PartedCheckpoint.ReadAsync<SweepReport>(bench.Store, first.SweepId, SweepStage.Report, Ct);
        // The report's own stage timing is added after its checkpoint is written, as it always was.
        Assert.Equal(SweepCheckpoints.Serialize(first.Report! with { Stages = [.. first.Report.Stages.SkipLast(1)] }), SweepCheckpoints.Serialize(report));
        var record = (await bench.Store.GetSweepAsync(first.SweepId, Ct))!;
        // The trend reads the table from the report's parts when its own record is not there (a sweep stopped in between).
        Assert.Equal(SweepCheckpoints.Serialize(first.Report!.Quality),
            SweepCheckpoints.Serialize(QualityTrends.TableOf((await PartedCheckpoint.ReadBytesAsync(bench.Store, first.SweepId, SweepStage.Report, Ct))!.Value)));
        Assert.NotNull(await QualityTrends.ReadTableAsync(bench.Store, record, Ct));

        var second = await bench.SweepAsync();

        Assert.Equal(1, bench.Analyzer.Calls);
        Assert.Equal(first.Report.Findings.Select(f => f.Key), second.Report!.Findings.Select(f => f.Key));
    }

    [Fact]
    public async Task A_sweep_paused_at_its_write_back_resumes_from_the_analysis_in_parts()
    {
        await using var bench = await SweepBench.StartAsync(annotations: 10, checkpointPartBytes: 64);
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(1, 0.9));
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(9, 0.8));
        bench.Connector.WritesUnavailable = true;

        var paused = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Paused, paused.Status);
        bench.Connector.WritesUnavailable = false;
        var resumed = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.Equal(1, bench.Analyzer.Calls);
        Assert.True(resumed.Report!.Stages.Single(s => s.Stage == "Analysis").Resumed);
        Assert.Equal(2, resumed.Report.Counts.MarkersWritten);
    }

    private static ProjectAnalysis Analysis(SweepBench bench) => new(
        [bench.Connector.Mislabel(1, 0.9), bench.Connector.Mislabel(2, 0.7), bench.Connector.Mislabel(3, 0.6)],
        ["a note"],
        [new ConfusionPair("cat", "dog", 3)],
        new PlotProjection("umap", ["cvat:shape/1", "cvat:shape/2"], [0.5f, -1.25f, 3f, float.NaN], 0.93));
}
