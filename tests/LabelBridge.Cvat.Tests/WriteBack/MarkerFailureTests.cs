using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.WriteBack;

/// <summary>One marker CVAT cannot take fails on its own, with its reason; it never stops the others or the sweep.</summary>
public sealed class MarkerFailureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finding_whose_box_is_not_finite_fails_alone_and_the_other_issues_are_written()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var read = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = WriteBackTests.Findings.For(read, 3);
        var broken = findings[1].AnnotationKey;
        var snapshot = read with
        {
            Annotations = [.. read.Annotations.Select(a => a.Key == broken ? a with { Box = new PixelBox(double.NaN, 0, double.PositiveInfinity, 5) } : a)],
        };

        var result = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Token);

        Assert.Equal(2, result.Written);
        Assert.Equal(2, harness.Emulator.Model.Issues.Count);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(findings[1].Key, problem.Subject);
        Assert.Contains($"annotation {broken}: its box (x NaN, y 0, width Infinity, height 5) is not finite", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issue_cvat_refuses_with_400_fails_alone_with_cvats_reason_and_the_others_are_written()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var read = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = WriteBackTests.Findings.For(read, 3);
        var itemKey = read.Annotations.Single(a => a.Key == findings[0].AnnotationKey).ItemKey;
        var snapshot = read with
        {
            // A frame outside its job: CVAT answers 400 "The frame number doesn't belong to the job".
            Items = [.. read.Items.Select(i => i.Key == itemKey ? i with { Location = i.Location with { Frame = 9999 } } : i)],
        };
        var onThatItem = findings.Where(f => read.Annotations.Single(a => a.Key == f.AnnotationKey).ItemKey == itemKey).ToList();

        var result = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Token);

        Assert.Equal(findings.Count - onThatItem.Count, result.Written);
        Assert.Equal(onThatItem.Select(f => f.Key), result.Problems.Select(p => p.Subject));
        Assert.All(result.Problems, p => Assert.Contains("answered 400", p.Reason, StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.Contains("The frame number", p.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_issue_list_that_never_ends_is_named_per_job_in_the_write_back_and_the_issues_are_still_written()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var read = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = WriteBackTests.Findings.For(read, 3);
        harness.Emulator.Faults.EndlessPages = true;

        var result = await connector.WriteBackAsync(new WriteBackRequest(read, findings, WriteBackMode.Markers), Token);

        Assert.Equal(3, result.Written);
        Assert.Contains(result.Problems, p => p.Reason.Contains(" of issues of job ", StringComparison.Ordinal));
        Assert.All(result.Problems, p =>
        {
            Assert.StartsWith("cvat:job/", p.Subject, StringComparison.Ordinal);
            Assert.Contains("while looking for existing markers: page 1 of ", p.Reason, StringComparison.Ordinal);
            Assert.Contains("is empty but says more follow", p.Reason, StringComparison.Ordinal);
            Assert.Contains("the list is cut there", p.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_marker_missing_from_an_issue_list_cut_at_max_pages_is_not_read_as_dismissed()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var read = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = WriteBackTests.Findings.For(read, 6);
        var written = await connector.WriteBackAsync(new WriteBackRequest(read, findings, WriteBackMode.Markers), Token);
        var markers = written.Markers
            .Select(m => new MarkerLabelSnapshot(m, read.Annotations.Single(a => a.Key == m.AnnotationKey).Label))
            .ToList();

        var mostOnOneJob = written.Markers
            .GroupBy(m => read.Items.Single(i => i.Key == read.Annotations.Single(a => a.Key == m.AnnotationKey).ItemKey).Location.JobId)
            .Max(g => g.Count());
        Assert.True(mostOnOneJob > harness.Platform().PageSize, "one job's issues take more than one page, so MaxPages 1 cuts its list");

        var decisions = await harness.Connector(p => p.MaxPages = 1).ReadDecisionsAsync(read, markers, Token);

        Assert.Empty(decisions);
    }
}
