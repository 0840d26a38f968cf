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
    public void Exact_duplicates_with_different_labels_conflict()
    {
        var clusters = new Clusters().Add("A", 0, 20, spread: 0.3f).Add("B", 1, 20, spread: 0.3f);
        clusters.AddRow("copy", "B", clusters.RowOf("A7"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        var conflicts = result.Findings.Where(f => f.Kind == FindingKind.DuplicateConflict).OrderBy(f => f.AnnotationKey).ToList();
        Assert.Equal(["A7", "copy"], conflicts.Select(f => f.AnnotationKey));
        Assert.Equal("B", conflicts[0].SuggestedLabel);
        Assert.Equal("A", conflicts[1].SuggestedLabel);
        Assert.All(conflicts, f => Assert.Equal(1.0, f.Score, 3));
        Assert.Contains("near-identical annotation (A7", conflicts[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_duplicates_with_the_same_label_do_not_conflict_or_vote()
    {
        var clusters = new Clusters().Add("A", 0, 20).Add("B", 1, 20);
        clusters.AddRow("copy", "A", clusters.RowOf("A7"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.DoesNotContain(result.Findings, f => f.Kind is FindingKind.DuplicateConflict or FindingKind.Mislabel);
    }
}
