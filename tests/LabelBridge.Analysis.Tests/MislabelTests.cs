using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Tests;

public sealed class MislabelTests
{
    [Fact]
    public void Point_of_class_A_inside_class_B_cluster_is_flagged_with_suggestion_B()
    {
        var clusters = new Clusters().Add("A", 0, 20).Add("B", 1, 20);
        var intruder = new float[8];
        intruder[1] = 1f;
        intruder[2] = 0.02f;
        clusters.AddRow("intruder", "A", intruder);

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        var mislabels = result.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
        var finding = Assert.Single(mislabels);
        Assert.Equal("intruder", finding.AnnotationKey);
        Assert.Equal("A", finding.GivenLabel);
        Assert.Equal("B", finding.SuggestedLabel);
        Assert.InRange(finding.Score, Clusters.Thresholds.MislabelMinScore, 1.0);
        Assert.Equal(5, finding.Neighbours.Count);
        Assert.All(finding.Neighbours, n => Assert.Equal("B", n.Label));
        Assert.StartsWith("labelled A; its 5 nearest neighbours are 5× B", finding.Reason, StringComparison.Ordinal);
        Assert.Equal(FindingKeys.For(FindingKind.Mislabel, "intruder"), finding.Key);
    }

    [Fact]
    public void Clean_clusters_give_no_mislabel_findings()
    {
        var clusters = new Clusters().Add("A", 0, 20).Add("B", 1, 20).Add("C", 2, 20);

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.Mislabel);
    }

    [Fact]
    public void Confusion_matrix_counts_given_to_suggested_pairs()
    {
        var clusters = new Clusters().Add("Shirt", 0, 30).Add("T-shirt", 1, 30).Add("Bag", 2, 30);
        clusters.AddRow("x1", "Shirt", clusters.RowOf("T-shirt3")).AddRow("x2", "Shirt", clusters.RowOf("T-shirt9"));
        clusters.AddRow("x3", "Bag", clusters.RowOf("Shirt4"));

        var result = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 100);

        // Was: x1 and x2 (two T-shirts labelled Shirt) counted too; the kNN shares of two mislabelled look-alikes
        // next to each other no longer pass confident learning's per-class threshold, so only x3 is written.
        var pairs = result.Confusion.DominantPairs();
        var mislabels = result.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
        Assert.Contains(("Bag", "Shirt", 1), pairs);
        Assert.Equal(mislabels.Count, pairs.Sum(p => p.Count));
        Assert.All(mislabels, f => Assert.Contains(pairs, p => p.Given == f.GivenLabel && p.Suggested == f.SuggestedLabel));
    }

    [Fact]
    public void Cap_keeps_the_worst_findings_and_counts_the_rest()
    {
        var clusters = new Clusters().Add("A", 0, 30).Add("B", 1, 30);
        for (var i = 0; i < 4; i++)
        {
            clusters.AddRow($"wrong{i}", "A", clusters.RowOf($"B{i}"));
        }

        var all = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 1000);
        var capped = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 2);

        Assert.Equal(all.Findings.Take(2).Select(f => f.Key), capped.Findings.Select(f => f.Key));
        Assert.Equal(all.Findings.Count - 2, capped.SuppressedByCap);
        Assert.True(capped.Findings[0].Score >= capped.Findings[1].Score);
        Assert.Contains(capped.Notes, n => n.Contains("cap of 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_input_gives_the_same_findings()
    {
        var clusters = new Clusters().Add("A", 0, 40, spread: 0.3f).Add("B", 1, 40, spread: 0.3f).Add("C", 2, 40, spread: 0.3f);

        var first = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 1000);
        var second = LabelAnalysis.Analyze(clusters.Input(), Clusters.Thresholds, maxFindings: 1000);

        Assert.NotEmpty(first.Findings);
        Assert.Equal(first.Findings.Select(f => (f.Key, f.Score, f.Reason)), second.Findings.Select(f => (f.Key, f.Score, f.Reason)));
    }
}
