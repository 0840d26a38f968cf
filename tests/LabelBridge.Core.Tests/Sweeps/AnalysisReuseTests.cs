using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Tests.Sweeps.Fakes;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Core.Tests.Sweeps;

/// <summary>A re-sweep whose embeddings, labels and thresholds are unchanged reuses the previous analysis; any change
/// to what the analysis reads forces a fresh one (issue 19, item 2).</summary>
public sealed class AnalysisReuseTests
{
    [Fact]
    public async Task An_unchanged_re_sweep_reuses_the_previous_analysis_and_says_so_in_the_report()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.AddRange([bench.Connector.Mislabel(0, 0.9), bench.Connector.Mislabel(3, 0.8)]);
        var first = await bench.SweepAsync();

        var second = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.Equal(1, bench.Analyzer.Calls);
        Assert.Contains($"analysis reused from sweep {first.SweepId}: nothing changed", string.Join("\n", second.Report!.Notes), StringComparison.Ordinal);
        Assert.Equal(first.Report!.Findings.Select(f => (f.Key, f.Score)), second.Report.Findings.Select(f => (f.Key, f.Score)));
        Assert.Equal(first.Report.Findings.Select(f => f.MarkerId), second.Report.Findings.Select(f => f.MarkerId));
        Assert.Equal(0, second.Report.Counts.MarkersWritten);
        Assert.Equal(2, second.Report.Counts.MarkersAlreadyPresent);

        var third = await bench.SweepAsync();

        Assert.Equal(1, bench.Analyzer.Calls);
        var notes = string.Join("\n", third.Report!.Notes);
        Assert.Contains($"analysis reused from sweep {first.SweepId}: nothing changed", notes, StringComparison.Ordinal);
        Assert.Single(third.Report.Notes, n => n.StartsWith("analysis reused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reused_analysis_still_passes_through_dismissals()
    {
        await using var bench = await SweepBench.StartAsync();
        var dismissed = bench.Connector.Mislabel(0, 0.9);
        var kept = bench.Connector.Mislabel(1, 0.8);
        bench.Analyzer.Findings.AddRange([dismissed, kept]);
        await bench.SweepAsync();
        bench.Connector.DismissedInPlatform.Add(dismissed.Key);

        var second = await bench.SweepAsync();

        Assert.Equal(1, bench.Analyzer.Calls);
        Assert.Contains(second.Report!.Notes, n => n.StartsWith("analysis reused", StringComparison.Ordinal));
        Assert.Equal(1, second.Report.Counts.SuppressedAsDismissed);
        Assert.Equal([kept.Key], second.Report.Findings.Select(f => f.Key));
    }

    [Fact]
    public async Task A_changed_label_forces_a_fresh_analysis_and_the_report_says_why_it_is_a_full_one()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var first = await bench.SweepAsync();
        var relabelled = bench.Connector.Snapshot.Annotations.Select((a, i) => i == 2 ? a with { Label = "dog" } : a).ToList();
        Assert.NotEqual(bench.Connector.Snapshot.Annotations[2].Label, relabelled[2].Label);
        bench.Connector.Snapshot = bench.Connector.Snapshot with { Annotations = relabelled };

        var second = await bench.SweepAsync();

        Assert.Equal(2, bench.Analyzer.Calls);
        var note = Assert.Single(second.Report!.Notes, n => n.StartsWith("analysis recomputed", StringComparison.Ordinal));
        Assert.Contains($"annotations (labels, boxes or versions) changed since sweep {first.SweepId}", note, StringComparison.Ordinal);
        Assert.Contains("out-of-fold probabilities", note, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Report.Notes, n => n.StartsWith("analysis reused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_threshold_override_forces_a_fresh_analysis()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        await bench.SweepAsync();
        await bench.Store.SaveThresholdOverrideAsync(
            new ThresholdOverride("pets", "MislabelMinScore", 0.7, "admin", DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken);

        var second = await bench.SweepAsync();

        Assert.Equal(2, bench.Analyzer.Calls);
        Assert.Contains(second.Report!.Notes, n => n.StartsWith("analysis recomputed in full: thresholds changed", StringComparison.Ordinal));
        Assert.Contains(second.Report.Notes, n => n.StartsWith("MislabelMinScore 0.7 is an override", StringComparison.Ordinal));

        var third = await bench.SweepAsync();

        Assert.Equal(2, bench.Analyzer.Calls);
        Assert.Contains(third.Report!.Notes, n => n.StartsWith("MislabelMinScore 0.7 is an override", StringComparison.Ordinal));
        Assert.Single(third.Report.Notes, n => n.StartsWith("MislabelMinScore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_embedder_forces_a_fresh_analysis()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        await bench.SweepAsync();
        bench.Embedder.ModelFingerprint = "another-model";

        var second = await bench.SweepAsync();

        Assert.Equal(2, bench.Analyzer.Calls);
        Assert.Contains(second.Report!.Notes, n => n.StartsWith("analysis recomputed in full: the embedder changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_box_forces_a_fresh_analysis_even_when_the_platform_keeps_its_version()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        await bench.SweepAsync();
        var moved = bench.Connector.Snapshot.Annotations.Select((a, i) => i == 1 ? a with { Box = a.Box with { X = a.Box.X + 5 } } : a).ToList();
        bench.Connector.Snapshot = bench.Connector.Snapshot with { Annotations = moved };

        await bench.SweepAsync();

        Assert.Equal(2, bench.Analyzer.Calls);
    }

    [Fact]
    public async Task A_previous_analysis_that_cannot_be_read_is_recomputed_instead_of_failing_the_sweep()
    {
        await using var bench = await SweepBench.StartAsync();
        bench.Analyzer.Findings.Add(bench.Connector.Mislabel(0, 0.9));
        var first = await bench.SweepAsync();
        await bench.Store.CompleteStageAsync(first.SweepId, SweepStage.Analysis, "{\"findings\": 5}"u8.ToArray(), TestContext.Current.CancellationToken);

        var second = await bench.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.Equal(2, bench.Analyzer.Calls);
        Assert.Single(second.Report!.Findings);
    }

    [Fact]
    public void The_fingerprint_of_the_same_inputs_is_the_same_and_each_part_names_its_change()
    {
        var connector = new InMemoryConnector(4);
        var snapshot = connector.Snapshot;
        var keys = snapshot.Annotations.Select(a => a.Key).ToList();
        var vectors = new float[keys.Count * 2];
        vectors[0] = 1;
        var embeddings = new Core.Embedding.EmbeddingSet("m", "m", 2, keys, vectors, 0, keys.Count, []);
        var thresholds = new Core.Configuration.AnalysisThresholds();

        var a = AnalysisFingerprint.Of(snapshot, embeddings, thresholds, "v1");
        var b = AnalysisFingerprint.Of(snapshot, embeddings with { Vectors = (float[])vectors.Clone() }, thresholds.Copy(), "v1");
        Assert.Equal(a, b);

        var changedVector = (float[])vectors.Clone();
        changedVector[3] = 0.5f;
        Assert.Equal(["embeddings"], AnalysisFingerprint.Of(snapshot, embeddings with { Vectors = changedVector }, thresholds, "v1").ChangedSince(a));
        var seeded = thresholds.Copy();
        seeded.Seed = 7;
        Assert.Equal(["thresholds"], AnalysisFingerprint.Of(snapshot, embeddings, seeded, "v1").ChangedSince(a));
        Assert.Equal(["the analysis code"], AnalysisFingerprint.Of(snapshot, embeddings, thresholds, "v2").ChangedSince(a));
        Assert.Equal(["the embedder"], AnalysisFingerprint.Of(snapshot, embeddings with { ModelFingerprint = "n" }, thresholds, "v1").ChangedSince(a));
        var resized = snapshot with { Items = [.. snapshot.Items.Select((item, i) => i == 0 ? item with { Width = item.Width + 1 } : item)] };
        Assert.Equal(["annotations (labels, boxes or versions)"], AnalysisFingerprint.Of(resized, embeddings, thresholds, "v1").ChangedSince(a));
    }
}
