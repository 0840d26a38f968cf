using LabelBridge.Core.Findings;

namespace LabelBridge.Host.Tests.Sweeps;

/// <summary>Classification projects: CVAT tags get the same QA as boxes, with the whole frame as the patch.</summary>
public sealed class ImageLevelSweepTests
{
    [Fact]
    public async Task A_tags_only_project_gets_its_mislabelled_frames_flagged_with_one_issue_over_the_whole_frame()
    {
        await using var harness = await SweepHarness.StartCvatTagsAsync(withBoxes: false);

        var first = (await harness.SweepAsync()).Report!;
        var second = (await harness.SweepAsync()).Report!;

        var planted = harness.Project.Errors.Select(e => e.AnnotationKey).ToList();
        Assert.NotEmpty(planted);
        var flagged = first.Findings.Where(f => f.Kind == FindingKind.Mislabel).Select(f => f.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        // Was recall >= 0.8 of 8 frames; the mislabel budget now writes fewer, surer findings (issue #14).
        Assert.True(planted.Count(flagged.Contains) >= 0.6 * planted.Count, $"found {planted.Count(flagged.Contains)} of {planted.Count} mislabelled frames");
        Assert.True(planted.Count(flagged.Contains) >= 0.5 * flagged.Count, $"{planted.Count(flagged.Contains)} of {flagged.Count} flagged frames are planted errors");
        Assert.Equal(first.Findings.Count, harness.Cvat.Model.Issues.Count);
        Assert.Equal(0, second.Counts.MarkersWritten);
        Assert.Equal(first.Findings.Count, harness.Cvat.Model.Issues.Count);
        var task = harness.Cvat.Model.Tasks[0];
        foreach (var issue in harness.Cvat.Model.Issues)
        {
            var frame = task.Frames[issue.Frame];
            Assert.Equal([0, 0, frame.Width, frame.Height], issue.Position);
        }
    }

    [Fact]
    public async Task In_a_mixed_project_an_object_crop_and_a_whole_frame_are_never_neighbours()
    {
        await using var harness = await SweepHarness.StartCvatTagsAsync(withBoxes: true, frames: 40);

        var report = (await harness.SweepAsync()).Report!;

        Assert.Contains(report.Findings, f => f.AnnotationKey.StartsWith("cvat:tag/", StringComparison.Ordinal));
        foreach (var finding in report.Findings.Where(f => f.Neighbours.Count > 0))
        {
            var imageLevel = finding.AnnotationKey.StartsWith("cvat:tag/", StringComparison.Ordinal);
            Assert.All(finding.Neighbours, n => Assert.Equal(imageLevel, n.AnnotationKey.StartsWith("cvat:tag/", StringComparison.Ordinal)));
        }

        Assert.Equal(harness.Project.Annotations, report.Points.Count);
    }

    [Fact]
    public async Task A_choices_only_label_studio_project_gets_predictions_with_the_suggested_choice_once()
    {
        await using var harness = await SweepHarness.StartLabelStudioChoicesAsync();

        var first = (await harness.SweepAsync()).Report!;
        var second = (await harness.SweepAsync()).Report!;

        var planted = harness.Project.Errors.Select(e => e.AnnotationKey).ToList();
        Assert.NotEmpty(planted);
        var flagged = first.Findings.Select(f => f.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        // Was recall >= 0.8 of 8 tasks; the mislabel budget now writes fewer, surer findings (issue #14).
        Assert.True(planted.Count(flagged.Contains) >= 0.6 * planted.Count, $"found {planted.Count(flagged.Contains)} of {planted.Count} mislabelled tasks");
        Assert.True(planted.Count(flagged.Contains) >= 0.5 * flagged.Count, $"{planted.Count(flagged.Contains)} of {flagged.Count} flagged tasks are planted errors");
        var predictions = harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId).Where(p => p.ModelVersion == "labelbridge-qa").ToList();
        Assert.Equal(first.Findings.Select(f => f.ItemKey).Distinct(StringComparer.Ordinal).Count(), predictions.Count);
        Assert.Equal(predictions.Count, harness.LabelStudio.Model.Predictions(projectId: harness.Project.ProjectId).Count(p => p.ModelVersion == "labelbridge-qa"));
        Assert.Equal(0, second.Counts.PatchesEmbedded);
        var mislabel = first.Findings.First(f => f.Kind == FindingKind.Mislabel && f.SuggestedLabel is not null);
        var prediction = predictions.Single(p => $"ls:task/{p.Task}" == mislabel.ItemKey);
        Assert.Contains(mislabel.SuggestedLabel!, prediction.Result.ToJsonString(), StringComparison.Ordinal);
    }
}
