using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Analysis.Tests;

/// <summary>Issue #17 item 2: the candidates kept by one analysis give, at any mislabel or outlier threshold, exactly the
/// findings a new analysis at that threshold reports.</summary>
public sealed class ThresholdCandidateTests
{
    private static readonly double[] Grid = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1];

    [Fact]
    public void Candidates_of_one_analysis_compose_the_findings_of_an_analysis_at_every_mislabel_threshold()
    {
        var input = Mixed();
        var kept = LabelAnalysis.Analyze(input, Thresholds(), int.MaxValue).Candidates!;
        var counts = new HashSet<int>();

        foreach (var t in Grid)
        {
            var fresh = LabelAnalysis.Analyze(input, Thresholds(mislabel: t), int.MaxValue);

            Assert.Equal(Describe(fresh.Findings), Describe(kept.Compose(t, Thresholds().OutlierMinScore)));
            counts.Add(fresh.Findings.Count(f => f.Kind == FindingKind.Mislabel));
        }

        // The test means something only if the threshold changes what is written.
        Assert.True(counts.Count >= 3, $"mislabel counts over the grid: {string.Join(", ", counts)}");
    }

    [Fact]
    public void Candidates_of_one_analysis_compose_the_findings_of_an_analysis_at_every_outlier_threshold()
    {
        var input = Mixed();
        var kept = LabelAnalysis.Analyze(input, Thresholds(), int.MaxValue).Candidates!;
        var counts = new HashSet<int>();

        foreach (var t in Grid)
        {
            var fresh = LabelAnalysis.Analyze(input, Thresholds(outlier: t), int.MaxValue);

            Assert.Equal(Describe(fresh.Findings), Describe(kept.Compose(Thresholds().MislabelMinScore, t)));
            counts.Add(fresh.Findings.Count(f => f.Kind == FindingKind.Outlier));
        }

        Assert.True(counts.Count >= 2, $"outlier counts over the grid: {string.Join(", ", counts)}");
    }

    [Fact]
    public void Histograms_count_every_analysed_row_once()
    {
        var input = Mixed();

        var candidates = LabelAnalysis.Analyze(input, Thresholds(), int.MaxValue).Candidates!;

        Assert.Equal(input.AnnotationKeys.Count, candidates.MislabelScores.Counts.Sum());
        Assert.Equal(input.AnnotationKeys.Count, candidates.OutlierScores.Counts.Sum());
        Assert.Equal(ScoreHistogram.DefaultBins, candidates.MislabelScores.Counts.Length);
    }

    /// <summary>Three overlapping classes with flipped labels and a little junk: scores spread over [0, 1].</summary>
    private static AnalysisInput Mixed()
    {
        var clusters = new Clusters().Add("A", 0, 120, spread: 0.45f).Add("B", 1, 120, spread: 0.45f).Add("C", 2, 120, spread: 0.45f);
        var random = new Random(11);
        for (var i = 0; i < 30; i++)
        {
            var source = "ABC"[i % 3];
            clusters.AddRow($"flip{i}", "ABC"[(i + 1) % 3].ToString(), clusters.RowOf($"{source}{i + 40}").Select(v => v + (0.05f * (float)random.NextDouble())).ToArray());
        }

        for (var i = 0; i < 8; i++)
        {
            var junk = new float[8];
            junk[3 + (i % 5)] = 1f;
            junk[i % 3] = 0.2f * (i + 1);
            clusters.AddRow($"junk{i}", "ABC"[i % 3].ToString(), junk);
        }

        return clusters.Input();
    }

    private static AnalysisThresholds Thresholds(double? mislabel = null, double? outlier = null)
    {
        var thresholds = new AnalysisThresholds { NeighbourCount = 8, OutlierContamination = 0.02 };
        thresholds.MislabelMinScore = mislabel ?? thresholds.MislabelMinScore;
        thresholds.OutlierMinScore = outlier ?? thresholds.OutlierMinScore;
        return thresholds;
    }

    private static List<string> Describe(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => $"{f.Key} {f.Kind} {f.Score:R} [{string.Join(",", f.MergedKeys ?? [])}] {f.Reason}")];
}
