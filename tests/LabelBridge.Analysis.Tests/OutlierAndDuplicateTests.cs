using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Tests;

public sealed class OutlierAndDuplicateTests
{
    [Fact]
    public void Isolated_point_is_an_outlier()
    {
        var clusters = new Clusters().Add("A", 0, 50).Add("B", 1, 50);
        var isolated = new float[8];
        isolated[5] = 1f;
        clusters.AddRow("smudge", "A", isolated);

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        var outlier = Assert.Single(result.Findings, f => f.Kind == FindingKind.Outlier && f.AnnotationKey == "smudge");
        Assert.Equal(1.0, outlier.Score);
        Assert.Null(outlier.SuggestedLabel);
        Assert.Contains("far from everything else", outlier.Reason, StringComparison.Ordinal);
        Assert.Equal(5, outlier.Neighbours.Count);
    }

    [Fact]
    public void A_duplicate_conflict_lands_on_the_member_whose_label_its_neighbourhood_rejects_only()
    {
        // Was: both members flagged. Now one finding, on the copy labelled B among A's; its mislabel finding absorbs
        // the conflict, so the box gets one marker and the correctly labelled A7 none.
        var clusters = new Clusters().Add("A", 0, 20, spread: 0.3f).Add("B", 1, 20, spread: 0.3f);
        clusters.AddRow("copy", "B", clusters.RowOf("A7"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.DoesNotContain(result.Findings, f => f.AnnotationKey == "A7");
        var finding = Assert.Single(result.Findings, f => f.AnnotationKey == "copy");
        Assert.Equal(FindingKind.Mislabel, finding.Kind);
        Assert.Equal("A", finding.SuggestedLabel);
        Assert.Contains("also duplicate conflict: labelled B; a near-identical annotation (A7", finding.Reason, StringComparison.Ordinal);
        Assert.Equal([FindingKeys.For(FindingKind.DuplicateConflict, "copy")], finding.MergedKeys);
        Assert.Equal(FindingKeys.For(FindingKind.Mislabel, "copy"), finding.Key);
    }

    [Fact]
    public void Outliers_are_capped_at_the_contamination_share_worst_first()
    {
        var clusters = new Clusters().Add("A", 0, 300).Add("B", 1, 300);
        for (var i = 0; i < 12; i++)
        {
            var junk = new float[8];
            junk[2 + (i % 6)] = 1f;
            junk[i % 2] = 0.1f * (i + 1);
            clusters.AddRow($"junk{i}", i % 2 == 0 ? "A" : "B", junk);
        }

        var thresholds = new AnalysisThresholds { NeighbourCount = 5, OutlierMinScore = 0.95, OutlierContamination = 0.01 };

        var result = LabelAnalysis.Analyze(clusters.Input(), thresholds, maxFindings: 1000);

        var outliers = result.Findings.Where(f => f.Kind == FindingKind.Outlier || f.Reason.Contains("also outlier", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, outliers.Count); // ceil(1% of 612)
        Assert.Contains(result.Notes, n => n.Contains("the 7 farthest were kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Exact_duplicates_with_the_same_label_do_not_conflict_or_vote()
    {
        var clusters = new Clusters().Add("A", 0, 20).Add("B", 1, 20);
        clusters.AddRow("copy", "A", clusters.RowOf("A7"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.DoesNotContain(result.Findings, f => f.Kind is FindingKind.DuplicateConflict or FindingKind.Mislabel);
    }

    [Fact]
    public void A_group_of_junk_larger_than_k_is_still_outlying()
    {
        var clusters = new Clusters().Add("A", 0, 300).Add("B", 1, 300)
            .Add("A", 5, 10, prefix: "junkA", spread: 0.03f).Add("B", 5, 10, prefix: "junkB", spread: 0.03f);
        var thresholds = new AnalysisThresholds { NeighbourCount = 5, OutlierMinScore = 0.95, OutlierContamination = 19.5 / 620 };

        var result = LabelAnalysis.Analyze(clusters.Input(), thresholds, maxFindings: 1000);

        var outliers = result.Findings.Where(f => f.Kind == FindingKind.Outlier || f.Reason.Contains("also outlier", StringComparison.Ordinal)).Select(f => f.AnnotationKey).ToHashSet();
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"junkA{i}", outliers));
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"junkB{i}", outliers));
        var junk = result.Findings.First(f => f.Kind == FindingKind.Outlier && f.AnnotationKey.StartsWith("junk", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.Outlier && !f.AnnotationKey.StartsWith("junk", StringComparison.Ordinal));
        Assert.Equal(5, junk.Neighbours.Count);
        Assert.Contains($"its {OutlierScorer.NeighbourCount} nearest neighbours", junk.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_a_small_tight_class_are_not_made_distant_by_the_wide_neighbourhood()
    {
        var input = new Clusters().Add("A", 0, 300).Add("B", 1, 300).Add("C", 2, 15, spread: 0.01f).Input();
        var count = input.AnnotationKeys.Count;
        var graph = ExactKnn.Build(input.Vectors, count, input.Dimension, OutlierScorer.NeighbourCount, cancellationToken: TestContext.Current.CancellationToken);
        var labels = LabelIndex.From(input.Labels, Enumerable.Range(0, count).ToArray());

        var scores = OutlierScorer.Score(graph, labels, floor: 5);

        Assert.All(Enumerable.Range(600, 15), row => Assert.Equal(14, scores.Averaged[row]));
        Assert.All(Enumerable.Range(600, 15), row => Assert.True(scores.ProjectPercentile[row] < 0.5f));
    }
}
