using LabelBridge.Core.Findings;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Core.Tests.Thresholds;

public sealed class ThresholdCandidatesTests
{
    [Fact]
    public void The_mislabel_walk_stops_at_a_passed_over_row_below_the_threshold_as_the_analysis_does()
    {
        // The analysis walks rows by rank and stops at the first score below the threshold, even on a row it would not
        // report (its evidence does not prefer another class); a later, higher-scoring candidate is then not reported.
        var candidates = Candidates([new ScoredCandidate(Mislabel("a", 0.9), 0.9), new ScoredCandidate(null, 0.4), new ScoredCandidate(Mislabel("b", 0.8), 0.8)]);

        Assert.Equal(["a"], candidates.MislabelsAt(0.5).Select(c => c.Finding!.AnnotationKey));
        Assert.Equal(["a", "b"], candidates.MislabelsAt(0.3).Select(c => c.Finding!.AnnotationKey));
    }

    [Fact]
    public void Findings_on_one_annotation_become_one_worst_first()
    {
        var outlier = new Finding(FindingKeys.For(FindingKind.Outlier, "a"), FindingKind.Outlier, 0.99, "a", "Shirt", null, [], "far");
        var candidates = Candidates([new ScoredCandidate(Mislabel("a", 0.7), 0.7), new ScoredCandidate(Mislabel("b", 0.8), 0.8)])
            with { Outliers = [new ScoredCandidate(outlier, 0.99)], OutlierBudget = 1 };

        var findings = candidates.Compose(0.5, 0.9);

        Assert.Equal(["a", "b"], findings.Select(f => f.AnnotationKey));
        Assert.Equal(FindingKind.Mislabel, findings[0].Kind);
        Assert.Equal(0.99, findings[0].Score);
        Assert.Equal([outlier.Key], findings[0].MergedKeys);
        Assert.Single(candidates.Compose(0.5, 1.0), f => f.AnnotationKey == "a" && f.MergedKeys is null);
    }

    private static ThresholdCandidates Candidates(IReadOnlyList<ScoredCandidate> mislabels) =>
        new([], [], 0, mislabels, [], ScoreHistogram.Empty, ScoreHistogram.Empty, Calibrated: true);

    private static Finding Mislabel(string key, double score) =>
        new(FindingKeys.For(FindingKind.Mislabel, key), FindingKind.Mislabel, score, key, "Shirt", "T-shirt/top", [], "labelled Shirt");
}
