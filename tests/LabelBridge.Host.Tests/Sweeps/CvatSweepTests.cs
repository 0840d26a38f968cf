using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;

namespace LabelBridge.Host.Tests.Sweeps;

public sealed class CvatSweepTests
{
    [Fact]
    public async Task Two_scheduled_sweeps_write_each_issue_once_and_the_second_embeds_nothing()
    {
        await using var harness = await SweepHarness.StartCvatAsync();

        var first = await harness.SweepAsync();
        var issuesAfterFirst = harness.Cvat.Model.Issues.Count;
        var second = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Succeeded, first.Status);
        Assert.Equal(SweepStatus.Succeeded, second.Status);
        Assert.NotEmpty(first.Report!.Findings);
        Assert.Equal(first.Report.Findings.Count, first.Report.Counts.MarkersWritten);
        Assert.Equal(first.Report.Findings.Count, issuesAfterFirst);
        Assert.Equal(0, second.Report!.Counts.PatchesEmbedded);
        Assert.Equal(harness.Project.Annotations, second.Report.Counts.CacheHits);
        Assert.Equal(0, second.Report.Counts.MarkersWritten);
        Assert.Equal(issuesAfterFirst, harness.Cvat.Model.Issues.Count);
    }

    [Fact]
    public async Task An_unchanged_re_sweep_reuses_the_analysis_with_the_same_findings_markers_and_plot_and_says_so()
    {
        await using var harness = await SweepHarness.StartCvatAsync();

        var first = (await harness.SweepAsync()).Report!;
        var second = (await harness.SweepAsync()).Report!;

        Assert.Contains(second.Notes, n => n.StartsWith($"analysis reused from sweep {first.SweepId}: nothing changed", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Notes, n => n.StartsWith("analysis reused", StringComparison.Ordinal));
        Assert.Equal(first.Findings.Select(f => (f.Key, f.Score, f.MarkerId)), second.Findings.Select(f => (f.Key, f.Score, f.MarkerId)));
        Assert.Equal(first.Projection.AnnotationKeys, second.Projection.AnnotationKeys);
        Assert.Equal(first.Projection.Coordinates, second.Projection.Coordinates);
        Assert.Equal(first.Confusion, second.Confusion);
        Assert.Equal(0, second.Counts.MarkersWritten);
        Assert.Equal(first.Findings.Count, harness.Cvat.Model.Issues.Count);
    }

    [Fact]
    public async Task Every_issue_carries_the_marker_of_its_finding_and_a_plain_reason()
    {
        await using var harness = await SweepHarness.StartCvatAsync();

        var report = (await harness.SweepAsync()).Report!;

        var messages = harness.Cvat.Model.Issues.Select(i => harness.Cvat.Model.FirstMessage(i.Id)).ToList();
        foreach (var finding in report.Findings)
        {
            var message = Assert.Single(messages, m => FindingKeys.ParseMarker(m) == finding.Key);
            Assert.Contains(finding.GivenLabel, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Planted_mislabels_outliers_and_duplicate_conflicts_are_found()
    {
        await using var harness = await SweepHarness.StartCvatAsync(new(FramesPerTask: 24, JobSize: 12, MislabelRate: 0.06));

        var report = (await harness.SweepAsync()).Report!;

        var flagged = report.Findings.Select(f => f.AnnotationKey).ToHashSet(StringComparer.Ordinal);
        var planted = harness.Project.Errors;
        Assert.NotEmpty(planted);
        var found = planted.Count(e => flagged.Contains(e.AnnotationKey));
        // Was recall >= 0.8 with no bound on what else got flagged. Now the sweep writes about as many mislabel
        // markers as confident learning estimates, one per box: a little recall for much precision (issue #14).
        Assert.True(found >= 0.7 * planted.Count, $"found {found} of {planted.Count} planted errors");
        Assert.True(found >= 0.5 * flagged.Count, $"{found} of {flagged.Count} flagged boxes are planted errors");
        Assert.Equal(report.Findings.Count, flagged.Count);
        Assert.Equal(report.Findings.Count, harness.Cvat.Model.Issues.Count);
    }

    [Fact]
    public async Task A_finding_dismissed_in_cvat_stays_dismissed_in_later_sweeps()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var first = (await harness.SweepAsync()).Report!;
        var dismissed = first.Findings[0];
        var issue = harness.Cvat.Model.Issues.Single(i => FindingKeys.ParseMarker(harness.Cvat.Model.FirstMessage(i.Id)) == dismissed.Key);

        issue.Resolved = true;
        var second = (await harness.SweepAsync()).Report!;
        var third = (await harness.SweepAsync()).Report!;

        Assert.DoesNotContain(second.Findings, f => f.Key == dismissed.Key);
        Assert.DoesNotContain(third.Findings, f => f.Key == dismissed.Key);
        Assert.True(second.Counts.SuppressedAsDismissed >= 1);
        Assert.Contains(second.Notes, n => n.StartsWith($"analysis reused from sweep {first.SweepId}", StringComparison.Ordinal));
        Assert.Equal(first.Findings.Count, harness.Cvat.Model.Issues.Count);
        var decision = Assert.Single(await harness.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, TestContext.Current.CancellationToken));
        Assert.Equal(DecisionVerdict.Dismissed, decision.Verdict);
        Assert.Equal(dismissed.Key, decision.FindingKey);
    }

    [Fact]
    public async Task A_project_pointed_at_another_server_reads_none_of_the_first_servers_markers_as_dismissed()
    {
        await using var first = await SweepHarness.StartCvatAsync();
        Assert.NotEmpty((await first.SweepAsync()).Report!.Findings);
        await using var second = await first.OnAnotherCvatServerAsync();

        var report = (await second.SweepAsync()).Report!;

        Assert.Equal(0, report.Counts.SuppressedAsDismissed);
        Assert.NotEmpty(report.Findings);
        Assert.Equal(report.Findings.Count, second.Cvat.Model.Issues.Count);
        Assert.Empty(await second.Get<ILabelBridgeStore>().GetDecisionsAsync(SweepHarness.ProjectName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_box_gets_at_most_one_issue_and_a_merged_issue_names_every_reason()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        // A loose outlier cut puts outlier findings on boxes that are also mislabels or duplicate conflicts.
        var thresholds = harness.Options.Projects[0].Thresholds;
        (thresholds.OutlierMinScore, thresholds.OutlierContamination) = (0.5, 0.5);

        var report = (await harness.SweepAsync()).Report!;

        var model = harness.Cvat.Model;
        var byKey = report.Findings.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var boxes = model.Issues.Select(i => byKey[FindingKeys.ParseMarker(model.FirstMessage(i.Id))!].AnnotationKey).ToList();
        Assert.Equal(boxes.Count, boxes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(model.Issues.Count, model.Issues.Select(i => (i.JobId, i.Frame, string.Join(',', i.Position))).Distinct().Count());
        var merged = report.Findings.Where(f => f.Reason.Contains("; also ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(merged);
        foreach (var finding in merged)
        {
            var message = model.FirstMessage(model.Issues.Single(i => FindingKeys.ParseMarker(model.FirstMessage(i.Id)) == finding.Key).Id)!;
            Assert.Contains("; also ", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_resolved_merged_issue_stays_dismissed_for_every_reason_it_carried()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        var thresholds = harness.Options.Projects[0].Thresholds;
        (thresholds.OutlierMinScore, thresholds.OutlierContamination) = (0.5, 0.5);
        var first = (await harness.SweepAsync()).Report!;
        var merged = first.Findings.First(f => f.Reason.Contains("; also ", StringComparison.Ordinal));
        var model = harness.Cvat.Model;
        model.Issues.Single(i => FindingKeys.ParseMarker(model.FirstMessage(i.Id)) == merged.Key).Resolved = true;
        var issuesBefore = model.Issues.Count;

        var second = (await harness.SweepAsync()).Report!;
        var third = (await harness.SweepAsync()).Report!;

        Assert.DoesNotContain(second.Findings, f => f.AnnotationKey == merged.AnnotationKey);
        Assert.DoesNotContain(third.Findings, f => f.AnnotationKey == merged.AnnotationKey);
        Assert.Equal(issuesBefore, model.Issues.Count);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_to_cvat_but_reports_the_findings()
    {
        await using var harness = await SweepHarness.StartCvatAsync();

        var report = (await harness.SweepAsync("manual", WriteBackMode.DryRun)).Report!;

        Assert.NotEmpty(report.Findings);
        Assert.Empty(harness.Cvat.Model.Issues);
        Assert.DoesNotContain(harness.Cvat.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_platform_that_refuses_the_token_pauses_the_sweep_and_a_later_run_resumes_it()
    {
        await using var harness = await SweepHarness.StartCvatAsync();
        harness.Cvat.Faults.ServeHtmlLoginPage = true;

        var paused = await harness.SweepAsync();
        harness.Cvat.Faults.ServeHtmlLoginPage = false;
        var resumed = await harness.SweepAsync();

        Assert.Equal(SweepStatus.Paused, paused.Status);
        Assert.Contains("HTML", paused.Error, StringComparison.Ordinal);
        Assert.Equal(SweepStatus.Succeeded, resumed.Status);
        Assert.True(resumed.Resumed);
        Assert.Equal(paused.SweepId, resumed.SweepId);
    }
}
