using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Tests.Fixtures;

namespace LabelBridge.Cvat.Tests.WriteBack;

public sealed class WriteBackTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_back_run_twice_creates_each_issue_once_at_the_box()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = Findings.For(snapshot, 3);
        var request = new WriteBackRequest(snapshot, findings, WriteBackMode.Markers, TriageLink: f => new Uri($"https://qa.example.org/findings/{f.Key}"));

        var first = await connector.WriteBackAsync(request, Token);
        var second = await connector.WriteBackAsync(request, Token);

        Assert.Equal((3, 0), (first.Written, first.AlreadyPresent));
        Assert.Equal((0, 3), (second.Written, second.AlreadyPresent));
        Assert.Equal(first.Markers.Select(m => m.MarkerId), second.Markers.Select(m => m.MarkerId));
        var model = harness.Emulator.Model;
        Assert.Equal(3, model.Issues.Count);
        foreach (var finding in findings)
        {
            var annotation = snapshot.Annotations.Single(a => a.Key == finding.AnnotationKey);
            var item = snapshot.Items.Single(i => i.Key == annotation.ItemKey);
            var marker = first.Markers.Single(m => m.FindingKey == finding.Key);
            var issue = model.Issues.Single(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == marker.MarkerId);
            Assert.Equal((item.Location.JobId, item.Location.Frame), (issue.JobId, issue.Frame));
            Assert.Equal([annotation.Box.X, annotation.Box.Y, annotation.Box.Right, annotation.Box.Bottom], issue.Position);
            var message = model.FirstMessage(issue.Id)!;
            Assert.StartsWith($"[labelbridge:{finding.Key}] Labelled {finding.GivenLabel}", message, StringComparison.Ordinal);
            Assert.Contains("Nearest neighbours: 8× truck, 2×", message, StringComparison.Ordinal);
            Assert.Contains("Score 0.91.", message, StringComparison.Ordinal);
            Assert.EndsWith($"Triage: https://qa.example.org/findings/{finding.Key}", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Issues_are_created_in_parallel_but_never_more_at_once_than_MaxConcurrentRequests()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector(p => p.MaxConcurrentRequests = 3);
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = Findings.For(snapshot, 12);
        // A server that takes a while per issue, so requests sent together are answered together.
        harness.Emulator.Faults.DelayNext(1000, TimeSpan.FromMilliseconds(150), "/api/issues");
        harness.Emulator.ResetMaxConcurrentRequests();

        var result = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Token);

        Assert.Equal(findings.Count, result.Written);
        Assert.InRange(harness.Emulator.MaxConcurrentRequests, 2, 3);
        var model = harness.Emulator.Model;
        var keys = model.Issues.Select(i => FindingKeys.ParseMarker(model.FirstMessage(i.Id))).Order(StringComparer.Ordinal);
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), keys);
        Assert.Equal(findings.Select(f => f.Key).Order(StringComparer.Ordinal), result.Markers.Select(m => m.FindingKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Image_level_finding_is_an_issue_over_the_whole_frame()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var tag = snapshot.Annotations.First(a => a.IsImageLevel && a.ItemKey.Contains($"task/{scene.TaskB.Id}/", StringComparison.Ordinal));

        await connector.WriteBackAsync(new WriteBackRequest(snapshot, [Findings.Mislabel(tag)], WriteBackMode.Markers), Token);

        var issue = Assert.Single(harness.Emulator.Model.Issues);
        Assert.Equal([0d, 0, 800, 600], issue.Position);
        Assert.Equal(2, issue.Frame);
    }

    [Fact]
    public async Task Relabel_work_sends_flagged_jobs_back_to_annotation_once()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var onlyTaskB = snapshot.Annotations.Where(a => a.ItemKey.Contains($"task/{scene.TaskB.Id}/", StringComparison.Ordinal)).Select(Findings.Mislabel).ToList();
        var request = new WriteBackRequest(snapshot, onlyTaskB, WriteBackMode.MarkersAndRelabel);

        var first = await connector.WriteBackAsync(request, Token);
        var second = await connector.WriteBackAsync(request, Token);

        Assert.Equal((1, 0), (first.RelabelUnits, second.RelabelUnits));
        var sentBack = scene.TaskB.Jobs[0];
        Assert.Equal(("annotation", "rejected"), (sentBack.Stage, sentBack.State));
        Assert.All(scene.TaskA.Jobs, j => Assert.Equal("new", j.State));
    }

    [Fact]
    public async Task Needs_review_tag_creates_its_label_only_when_allowed_and_tags_each_frame_once()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = Findings.For(snapshot, 2);

        var refused = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers, NeedsReviewTag: true), Token);
        Assert.DoesNotContain(scene.Project.Labels, l => l.Name == "needs-review");
        Assert.Contains(refused.Problems, p => p.Reason.Contains("set AllowCreateTagLabel", StringComparison.Ordinal));

        var allowed = new WriteBackRequest(snapshot, findings, WriteBackMode.Markers, NeedsReviewTag: true, AllowCreateTagLabel: true);
        var created = await connector.WriteBackAsync(allowed, Token);
        await connector.WriteBackAsync(allowed, Token);

        Assert.Empty(created.Problems);
        var label = Assert.Single(scene.Project.Labels, l => l.Name == "needs-review");
        Assert.Equal("tag", label.Type);
        var tags = scene.TaskA.Jobs.Concat(scene.TaskB.Jobs).SelectMany(j => j.Tags).Where(t => (long)t["label_id"]! == label.Id).ToList();
        Assert.Equal(findings.Select(f => snapshot.Annotations.Single(a => a.Key == f.AnnotationKey).ItemKey).Distinct().Count(), tags.Count);
        var reread = await connector.ReadProjectAsync(scene.ProjectId, Token);
        Assert.DoesNotContain(reread.Annotations, a => a.Label == "needs-review");
        Assert.DoesNotContain(reread.Labels, l => l.Name == "needs-review");
    }

    [Fact]
    public async Task Resolved_issue_with_the_label_unchanged_reads_back_as_dismissed_and_a_changed_label_as_confirmed()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var findings = Findings.For(snapshot, 3);
        var written = await connector.WriteBackAsync(new WriteBackRequest(snapshot, findings, WriteBackMode.Markers), Token);
        var markers = written.Markers
            .Select(m => new MarkerLabelSnapshot(m, snapshot.Annotations.Single(a => a.Key == m.AnnotationKey).Label))
            .ToList();
        var model = harness.Emulator.Model;
        var (resolved, relabelled, open) = (markers[0], markers[1], markers[2]);
        model.Issues.Single(i => i.Id == long.Parse(resolved.Marker.MarkerId, System.Globalization.CultureInfo.InvariantCulture)).Resolved = true;
        var relabelledShape = scene.TaskA.Jobs.SelectMany(j => j.Shapes).Single(s => $"cvat:shape/{s["id"]}" == relabelled.Marker.AnnotationKey);
        relabelledShape["label_id"] = scene.Project.Labels.Single(l => l.Name == "bicycle").Id;

        var current = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var decisions = await connector.ReadDecisionsAsync(current, markers, Token);

        Assert.Equal(2, decisions.Count);
        Assert.Equal(DecisionVerdict.Dismissed, decisions.Single(d => d.FindingKey == resolved.Marker.FindingKey).Verdict);
        var confirmed = decisions.Single(d => d.FindingKey == relabelled.Marker.FindingKey);
        Assert.Equal((DecisionVerdict.Confirmed, "bicycle"), (confirmed.Verdict, confirmed.CurrentLabel));
        Assert.DoesNotContain(decisions, d => d.FindingKey == open.Marker.FindingKey);
    }

    [Fact]
    public async Task Dismissing_on_the_triage_page_resolves_the_issue_and_says_why()
    {
        await using var harness = await CvatHarness.StartAsync();
        var scene = ReferenceScene.Seed(harness.Emulator.Model);
        var connector = harness.Connector();
        var snapshot = await connector.ReadProjectAsync(scene.ProjectId, Token);
        var written = await connector.WriteBackAsync(new WriteBackRequest(snapshot, Findings.For(snapshot, 1), WriteBackMode.Markers), Token);

        var problem = await connector.DismissAsync(snapshot, written.Markers[0], Token);
        var gone = await connector.DismissAsync(snapshot, written.Markers[0] with { MarkerId = "999999" }, Token);

        Assert.Null(problem);
        var issue = Assert.Single(harness.Emulator.Model.Issues);
        Assert.True(issue.Resolved);
        Assert.StartsWith("Dismissed on the LabelBridge triage page", harness.Emulator.Model.Comments[^1].Message, StringComparison.Ordinal);
        Assert.StartsWith("[labelbridge:", harness.Emulator.Model.FirstMessage(issue.Id), StringComparison.Ordinal);
        Assert.Contains("has no issue 999999 (404", gone!.Reason, StringComparison.Ordinal);
    }

    internal static class Findings
    {
        /// <summary>Mislabel findings on the first <paramref name="count"/> object annotations (shapes, not tags).</summary>
        public static List<Finding> For(ProjectSnapshot snapshot, int count) =>
            [.. snapshot.Annotations.Where(a => a.Key.StartsWith("cvat:shape/", StringComparison.Ordinal)).Take(count).Select(Mislabel)];

        public static Finding Mislabel(Annotation annotation)
        {
            var neighbours = Enumerable.Range(0, 10)
                .Select(i => new NeighbourEvidence($"cvat:shape/{1000 + i}", i < 8 ? "truck" : annotation.Label, 0.9))
                .ToList();
            return new Finding(
                FindingKeys.For(FindingKind.Mislabel, annotation.Key),
                FindingKind.Mislabel,
                0.912,
                annotation.Key,
                annotation.Label,
                "truck",
                neighbours,
                $"Labelled {annotation.Label}; its 10 nearest neighbours are 8× truck");
        }
    }
}
