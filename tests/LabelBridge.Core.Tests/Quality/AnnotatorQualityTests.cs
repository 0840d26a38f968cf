using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Quality;

public sealed class AnnotatorQualityTests
{
    private static readonly DateTimeOffset Decided = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rows_count_annotations_findings_per_100_decisions_and_confusions_per_annotator_and_job_worst_first()
    {
        // alice labels 4 boxes in job 1 (2 flagged), bob 4 in job 2 (1 flagged); one annotation says nothing about its author.
        var items = new[] { Item("i1", job: 1), Item("i2", job: 2) };
        var annotations = new[]
        {
            Annotation("a1", "i1", "alice"), Annotation("a2", "i1", "alice"), Annotation("a3", "i1", "alice"), Annotation("a4", "i1", "alice"),
            Annotation("b1", "i2", "bob"), Annotation("b2", "i2", "bob"), Annotation("b3", "i2", "bob"), Annotation("b4", "i2", "bob"),
            Annotation("u1", "i2", null),
        };
        var findings = new[] { Reported("a1", "Shirt", "Coat"), Reported("a2", "Shirt", "Coat"), Reported("b1", "Bag", "Sandal") };
        var decisions = new[]
        {
            new DecisionRecord("p", findings[0].Key, "a1", "v", DecisionVerdict.Confirmed, "relabel", Decided),
            new DecisionRecord("p", findings[2].Key, "b1", "v", DecisionVerdict.Dismissed, "triage", Decided),
        };

        var table = AnnotatorQuality.Compute(items, annotations, findings, decisions);

        Assert.Equal(["alice", "bob", WorkUnits.Unknown], table.Annotators.Select(r => r.Name));
        var alice = table.Annotators[0];
        Assert.Equal((4, 2, 50.0, 1, 0), (alice.Annotations, alice.Findings, alice.FindingsPer100, alice.Confirmed, alice.Dismissed));
        Assert.Equal([new QualityConfusion("Shirt", "Coat", 2)], alice.TopConfusions);
        var bob = table.Annotators[1];
        Assert.Equal((4, 1, 25.0, 0, 1), (bob.Annotations, bob.Findings, bob.FindingsPer100, bob.Confirmed, bob.Dismissed));
        Assert.Equal(["job 1", "job 2"], table.Jobs.Select(r => r.Name));
        Assert.Equal((4, 2), (table.Jobs[0].Annotations, table.Jobs[0].Findings));
        Assert.Equal((5, 1, 20.0), (table.Jobs[1].Annotations, table.Jobs[1].Findings, table.Jobs[1].FindingsPer100));
        Assert.Equal(annotations.Length, table.Annotators.Sum(r => r.Annotations));
        Assert.Equal(annotations.Length, table.Jobs.Sum(r => r.Annotations));
    }

    [Fact]
    public void Review_budgets_keep_the_worst_findings_per_job_and_per_annotator_and_count_the_rest()
    {
        // Job 1 (alice) has five findings scored 0.99..0.95, job 2 (bob) two scored 0.6 and 0.5: without budgets a cap of 5
        // gives job 1 everything.
        var items = new[] { Item("i1", job: 1), Item("i2", job: 2) };
        var annotations = Enumerable.Range(0, 5).Select(i => Annotation($"a{i}", "i1", "alice"))
            .Concat(Enumerable.Range(0, 2).Select(i => Annotation($"b{i}", "i2", "bob"))).ToList();
        var findings = Enumerable.Range(0, 5).Select(i => Finding($"a{i}", 0.99 - (i * 0.01)))
            .Concat([Finding("b0", 0.6), Finding("b1", 0.5)]).ToList();
        var units = WorkUnits.Of(items, annotations);

        var unbudgeted = FindingSelection.Select(findings, annotations, [], 5);
        var perJob = FindingSelection.Select(findings, annotations, [], 5, new ReviewBudget(3, null, units));
        var perAnnotator = FindingSelection.Select(findings, annotations, [], 5, new ReviewBudget(null, 1, units));

        Assert.Equal(["a0", "a1", "a2", "a3", "a4"], unbudgeted.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(["a0", "a1", "a2", "b0", "b1"], perJob.Findings.Select(f => f.AnnotationKey));
        Assert.Equal((2, 0), (perJob.BeyondBudget, perJob.BeyondCap));
        Assert.Equal(["a0", "b0"], perAnnotator.Findings.Select(f => f.AnnotationKey));
        Assert.Equal(5, perAnnotator.BeyondBudget);
    }

    private static Item Item(string key, long job) => new(key, key, 100, 100, new ItemLocation(7, job, 0), key, key);

    private static Annotation Annotation(string key, string item, string? annotator) =>
        new(key, item, "Shirt", ShapeKind.Rectangle, new PixelBox(0, 0, 10, 10), "v", new AnnotationOrigin("1", "shape", Annotator: annotator));

    private static Finding Finding(string annotation, double score) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotation), FindingKind.Mislabel, score, annotation, "Shirt", "Coat", [], "labelled Shirt");

    private static ReportedFinding Reported(string annotation, string given, string suggested) =>
        new(FindingKeys.For(FindingKind.Mislabel, annotation), FindingKind.Mislabel, 0.9, annotation, "i", "i", given, suggested, "", [], null, null);
}
