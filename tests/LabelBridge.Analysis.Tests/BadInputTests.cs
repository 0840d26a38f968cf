using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void Empty_project_gives_no_findings_and_a_note()
    {
        var input = new AnalysisInput(8, [], [], [], []);

        var result = LabelAnalysis.Analyze(input, Clusters.Thresholds, maxFindings: 10);

        Assert.Empty(result.Findings);
        Assert.Contains(result.Notes, n => n.Contains("at least 2", StringComparison.Ordinal));
        Assert.Null(result.Neighbours);
    }

    [Fact]
    public void One_class_only_skips_mislabel_checks_with_a_note()
    {
        var clusters = new Clusters().Add("A", 0, 20).Add("A", 1, 20, prefix: "A2_");

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.DoesNotContain(result.Findings, f => f.Kind is FindingKind.Mislabel or FindingKind.DuplicateConflict);
        Assert.Contains(result.Notes, n => n.Contains("Only one label", StringComparison.Ordinal));
    }

    [Fact]
    public void NaN_and_zero_vectors_are_left_out_with_a_note()
    {
        var clusters = new Clusters().Add("A", 0, 10).Add("B", 1, 10);
        clusters.AddRow("zero", "A", new float[8]);
        var nan = new float[8];
        nan[3] = float.NaN;
        clusters.AddRow("nan", "B", nan);

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.Equal(20, result.AnalysedKeys.Count);
        Assert.DoesNotContain("zero", result.AnalysedKeys);
        Assert.DoesNotContain(result.Findings, f => f.AnnotationKey is "zero" or "nan");
        Assert.Contains(result.Notes, n => n.StartsWith("2 annotation(s) had an empty or non-finite embedding", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeated_keys_are_analysed_once_with_a_note()
    {
        var clusters = new Clusters().Add("A", 0, 10).Add("B", 1, 10);
        clusters.AddRow("A3", "B", clusters.RowOf("B2"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.Equal(20, result.AnalysedKeys.Count);
        Assert.Single(result.AnalysedKeys, k => k == "A3");
        Assert.Contains(result.Notes, n => n.Contains("repeated an annotation key", StringComparison.Ordinal));
    }

    [Fact]
    public void Neighbour_count_larger_than_the_data_uses_all_other_rows()
    {
        var clusters = new Clusters().Add("A", 0, 3).Add("B", 1, 1);

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 50 }, maxFindings: 100);

        Assert.Equal(3, result.Neighbours!.NeighbourCount);
        Assert.Contains(result.Notes, n => n.Contains("used 3", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("fewer than 3 annotations (B)", StringComparison.Ordinal));
    }

    [Fact]
    public void Vectors_that_do_not_match_the_keys_skip_the_neighbour_analysis()
    {
        var input = new AnalysisInput(8, new float[12], ["a", "b"], ["A", "B"], []);

        var result = LabelAnalysis.Analyze(input, Clusters.Thresholds, maxFindings: 10);

        Assert.Empty(result.Findings);
        Assert.Contains(result.Notes, n => n.Contains("do not match", StringComparison.Ordinal));
    }
}
