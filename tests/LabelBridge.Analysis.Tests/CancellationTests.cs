using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Tests;

/// <summary>Issue #19: a sweep taken over by another worker stops its analysis mid-stage. The analysis checks its token in
/// every long loop; the work it does after the token is cancelled is counted in parts of the analysis, never timed.</summary>
public sealed class CancellationTests
{
    /// <summary>The parts of an uncancelled analysis and plot of <see cref="Population"/>, in order.</summary>
    private static readonly string[] AllParts =
    [
        "rows and geometry", "kNN graph (exact)", "outliers", "mislabel probabilities (classifier folds)", "mislabel trial (injected flips)",
        "mislabel ranking", "duplicates", "plot: PCA start", "plot: UMAP", "plot: trustworthiness",
    ];

    [Fact]
    public void An_uncancelled_analysis_runs_every_part()
    {
        var (parts, cancelled) = AnalyseCancellingAfter(null);

        Assert.False(cancelled);
        Assert.Equal(AllParts, parts);
    }

    /// <summary>Cancelled as a part ends, the analysis does none of the parts after it: the classifier folds, the trial's
    /// repeated folds and the UMAP epochs each check the token before (and during) their work.</summary>
    [Theory]
    [InlineData("kNN graph (exact)")]
    [InlineData("mislabel probabilities (classifier folds)")]
    [InlineData("plot: PCA start")]
    public void An_analysis_cancelled_as_a_part_ends_does_no_later_part(string lastPart)
    {
        var (parts, cancelled) = AnalyseCancellingAfter(lastPart);

        Assert.True(cancelled);
        Assert.Equal(AllParts.TakeWhile(p => p != lastPart).Append(lastPart), parts);
    }

    [Fact]
    public void Every_long_loop_refuses_a_cancelled_token_before_it_computes()
    {
        var input = Population();
        var rows = PreparedRows.From(input);
        var graph = ExactKnn.Build(rows.Vectors, rows.Count, rows.Dimension, 10, cancellationToken: TestContext.Current.CancellationToken);
        var labels = LabelIndex.From(input.Labels, rows.SourceRows);
        using var source = new CancellationTokenSource();
        source.Cancel();
        var token = source.Token;

        Assert.Throws<OperationCanceledException>(() => ExactKnn.Build(rows.Vectors, rows.Count, rows.Dimension, 10, cancellationToken: token));
        Assert.Throws<OperationCanceledException>(() => Hnsw.Build(rows.Vectors, rows.Count, rows.Dimension, cancellationToken: token));
        Assert.Throws<OperationCanceledException>(() => Hnsw.Build(rows.Vectors, rows.Count, rows.Dimension, cancellationToken: TestContext.Current.CancellationToken).Neighbours(10, 64, token));
        Assert.Throws<OperationCanceledException>(() => Pca.Fit(rows.Vectors, rows.Count, rows.Dimension, 4, 42, token));
        Assert.Throws<OperationCanceledException>(() => rows.Reduced(4, 42, token));
        Assert.Throws<OperationCanceledException>(() => FullDimensionRescore.Of(graph, input.Vectors, input.Dimension, rows.SourceRows, inPlace: false, token));
        Assert.Throws<OperationCanceledException>(() => OutOfFoldClassifier.Predict(rows.Vectors, rows.Count, rows.Dimension, labels.OfRow, labels.Count, new ClassifierOptions(), cancellationToken: token));
        Assert.Throws<OperationCanceledException>(() => OutOfFoldNetwork.Predict(
            rows.Vectors, rows.Count, rows.Dimension, labels.OfRow, labels.Count, new ClassifierOptions(), new NetworkOptions(), cancellationToken: token));
        Assert.Throws<OperationCanceledException>(() => Umap.Layout(graph, new float[rows.Count * 2], 50, 42, cancellationToken: token));
        Assert.Throws<OperationCanceledException>(() => Trustworthiness.OnSample(rows.Vectors, rows.Dimension, new float[rows.Count * 2], rows.Count, 15, 100, 42, token));
    }

    /// <summary>The token never changes what an analysis finds: a live one gives what no token gives.</summary>
    [Fact]
    public void An_analysis_with_a_token_that_is_never_cancelled_finds_exactly_what_one_without_a_token_finds()
    {
        var input = Population();
        using var source = new CancellationTokenSource();

        var without = LabelAnalysis.Analyze(input, Clusters.Thresholds, int.MaxValue);
        var with = LabelAnalysis.Analyze(input, Clusters.Thresholds, int.MaxValue, null, source.Token);
        var plotWithout = LabelAnalysis.Project(input, new ProjectionOptions(), without.Neighbours);
        var plotWith = LabelAnalysis.Project(input, new ProjectionOptions(), with.Neighbours, null, null, source.Token);

        Assert.Equal(without.Findings.Select(f => (f.Key, f.Score, f.SuggestedLabel)), with.Findings.Select(f => (f.Key, f.Score, f.SuggestedLabel)));
        Assert.Equal(without.Neighbours!.Indices, with.Neighbours!.Indices);
        Assert.Equal(plotWithout.Coordinates, plotWith.Coordinates);
    }

    /// <summary>Three labels of 50 rows at 16 dimensions with two flipped rows: every part of the analysis runs (the trial
    /// needs 40 rows).</summary>
    private static AnalysisInput Population()
    {
        var clusters = new Clusters(16).Add("cat", 0, 50).Add("dog", 1, 50).Add("bird", 2, 50);
        var row = new float[16];
        row[0] = 1;
        clusters.AddRow("flipped-a", "dog", row);
        row = new float[16];
        row[1] = 1;
        clusters.AddRow("flipped-b", "bird", row);
        return clusters.Input();
    }

    /// <summary>Analyses and plots <see cref="Population"/>, cancelling the token as <paramref name="lastPart"/> ends.</summary>
    /// <returns>The parts that ended, in order, and whether the analysis stopped with <see cref="OperationCanceledException"/>.</returns>
    private static (List<string> Parts, bool Cancelled) AnalyseCancellingAfter(string? lastPart)
    {
        var input = Population();
        using var source = new CancellationTokenSource();
        // The laps read the clock once as they start and once as each part ends, before they add it.
        var endingPart = lastPart is null ? -1 : Array.IndexOf(AllParts, lastPart);
        var reads = 0;
        var laps = new AnalysisLaps(new LapClock(() =>
        {
            if (reads++ == endingPart + 1 && endingPart >= 0)
            {
                source.Cancel();
            }
        }));

        try
        {
            var result = LabelAnalysis.Analyze(input, Clusters.Thresholds, int.MaxValue, laps, source.Token);
            LabelAnalysis.Project(input, new ProjectionOptions(), result.Neighbours, laps, result.Rows, source.Token);
            return ([.. laps.Parts.Select(p => p.Part)], false);
        }
        catch (OperationCanceledException)
        {
            return ([.. laps.Parts.Select(p => p.Part)], true);
        }
    }

    /// <summary>The system clock, running <paramref name="onRead"/> at every timestamp read.</summary>
    private sealed class LapClock(Action onRead) : TimeProvider
    {
        public override long GetTimestamp()
        {
            onRead();
            return System.GetTimestamp();
        }
    }
}
