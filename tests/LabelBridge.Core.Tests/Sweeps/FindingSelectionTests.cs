using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps;

public sealed class FindingSelectionTests
{
    private static readonly DateTimeOffset Decided = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_dismissed_finding_is_suppressed_while_its_annotation_is_unchanged()
    {
        var findings = new[] { Finding("a", 0.9), Finding("b", 0.8) };
        var decisions = new[] { Dismissed(findings[0], version: "v1") };

        var selected = FindingSelection.Select(findings, [Annotation("a", "v1"), Annotation("b", "v1")], decisions, 10);

        Assert.Equal(["b"], selected.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(1, selected.SuppressedAsDismissed);
    }

    [Fact]
    public void A_dismissal_no_longer_holds_once_the_annotation_changed()
    {
        var finding = Finding("a", 0.9);

        var selected = FindingSelection.Select([finding], [Annotation("a", "v2")], [Dismissed(finding, version: "v1")], 10);

        Assert.Single(selected.Findings);
        Assert.Equal(0, selected.SuppressedAsDismissed);
    }

    [Fact]
    public void A_confirmed_finding_is_not_suppressed()
    {
        var finding = Finding("a", 0.9);
        var confirmed = Dismissed(finding, "v1") with { Verdict = DecisionVerdict.Confirmed };

        Assert.Single(FindingSelection.Select([finding], [Annotation("a", "v1")], [confirmed], 10).Findings);
    }

    [Fact]
    public void The_cap_keeps_the_worst_findings_and_counts_the_rest()
    {
        var findings = new[] { Finding("a", 0.2), Finding("b", 0.95), Finding("c", 0.5), Finding("d", 0.7) };

        var selected = FindingSelection.Select(findings, findings.Select(f => Annotation(f.AnnotationKey, "v")).ToList(), [], 2);

        Assert.Equal(["b", "d"], selected.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(2, selected.BeyondCap);
    }

    [Fact]
    public void Dismissed_findings_do_not_use_up_the_cap()
    {
        var findings = new[] { Finding("a", 0.99), Finding("b", 0.5), Finding("c", 0.4) };

        var selected = FindingSelection.Select(findings, findings.Select(f => Annotation(f.AnnotationKey, "v")).ToList(), [Dismissed(findings[0], "v")], 2);

        Assert.Equal(["b", "c"], selected.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(0, selected.BeyondCap);
    }

    [Fact]
    public void A_dismissed_merged_marker_stays_dismissed_when_its_primary_kind_changes()
    {
        // Last sweep the box's one marker was an outlier; the reviewer dismissed it. This sweep the same unchanged
        // box is a mislabel (another key): the reviewer already said the box is fine.
        var earlier = new Finding(FindingKeys.For(FindingKind.Outlier, "a"), FindingKind.Outlier, 0.99, "a", "Shirt", null, [], "far from everything");
        var now = Finding("a", 0.9);

        var selected = FindingSelection.Select([now, Finding("b", 0.8)], [Annotation("a", "v1"), Annotation("b", "v1")], [Dismissed(earlier, "v1")], 10);

        Assert.Equal(["b"], selected.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(1, selected.SuppressedAsDismissed);
    }

    [Fact]
    public void A_dismissal_recorded_under_an_absorbed_key_suppresses_the_merged_finding()
    {
        var absorbed = FindingKeys.For(FindingKind.DuplicateConflict, "a");
        var merged = Finding("a", 0.9) with { MergedKeys = [absorbed] };
        var decision = new DecisionRecord("project", absorbed, "", "v1", DecisionVerdict.Dismissed, "platform", Decided);

        var selected = FindingSelection.Select([merged], [Annotation("a", "v1")], [decision], 10);

        Assert.Empty(selected.Findings);
    }

    [Fact]
    public void A_dismissed_box_is_flagged_again_once_it_is_edited_whatever_the_kind()
    {
        var earlier = new Finding(FindingKeys.For(FindingKind.Outlier, "a"), FindingKind.Outlier, 0.99, "a", "Shirt", null, [], "far from everything");

        var selected = FindingSelection.Select([Finding("a", 0.9)], [Annotation("a", "v2")], [Dismissed(earlier, "v1")], 10);

        Assert.Single(selected.Findings);
    }

    private static Finding Finding(string annotation, double score) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotation), FindingKind.Mislabel, score, annotation, "Shirt", "T-shirt/top", [], "labelled Shirt");

    private static Annotation Annotation(string key, string version) =>
        new(key, "item", "Shirt", ShapeKind.Rectangle, new PixelBox(0, 0, 10, 10), version, new AnnotationOrigin("1", "shape"));

    private static DecisionRecord Dismissed(Finding finding, string version) =>
        new("project", finding.Key, finding.AnnotationKey, version, DecisionVerdict.Dismissed, "platform", Decided);
}
