using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;
using LabelBridge.Platforms.Concurrency;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>Puts findings into CVAT: one issue per finding on its job and frame, positioned at the box; optionally a
/// <c>needs-review</c> tag on the frame and the job sent back to annotation.</summary>
/// <remarks>Idempotent: each job's issues are read first and a finding whose marker is already there is not written again.
/// The issues are created in parallel, up to the platform's MaxConcurrentRequests at once; a run killed in the middle
/// leaves some written and some not, and the next run's read finds the written ones, so each marker is there once.</remarks>
internal sealed class ReviewWriter(CvatConnection connection, ILogger logger)
{
    public async Task<WriteBackResult> WriteAsync(WriteBackRequest request, CancellationToken cancellationToken)
    {
        var annotations = request.Snapshot.Annotations.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var items = request.Snapshot.Items.ToDictionary(i => i.Key, StringComparer.Ordinal);
        var markers = new List<MarkerReference>();
        var problems = new List<ReadProblem>();
        var targets = new List<Target>();
        foreach (var finding in request.Findings)
        {
            if (annotations.TryGetValue(finding.AnnotationKey, out var annotation)
                && items.TryGetValue(annotation.ItemKey, out var item)
                && item.Location is { JobId: { } jobId, Frame: { } frame })
            {
                targets.Add(new Target(finding, annotation, jobId, frame));
            }
            else
            {
                problems.Add(new ReadProblem(finding.Key, $"annotation {finding.AnnotationKey} is not in the snapshot, so it has no CVAT job and frame; no issue was written"));
            }
        }

        // Each job's issues are read, then the missing issues created, each step with up to MaxConcurrentRequests calls in
        // flight (the issues are independent of each other); the outcomes are taken in job and finding order, so the
        // report does not depend on which answer came first.
        var slots = connection.Platform.MaxConcurrentRequests;
        var jobs = targets.GroupBy(t => t.JobId).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var existing = await OrderedWork.RunAsync(jobs, slots, (job, token) => JobIssues.ReadAsync(connection, job[0].JobId, token), cancellationToken);
        var missing = new List<Target>();
        for (var j = 0; j < jobs.Count; j++)
        {
            missing.AddRange(jobs[j].Where(t => !existing[j].ByFindingKey.ContainsKey(t.Finding.Key) && BoxBounds.Problem(t.Annotation.Box) is null));
        }

        var created = await OrderedWork.RunAsync(
            missing, slots, (target, token) => CreateIssueAsync(target, request.TriageLink?.Invoke(target.Finding), token), cancellationToken);
        var createdByTarget = new Dictionary<Target, (CvatIssue? Issue, string? Problem)>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < missing.Count; i++)
        {
            createdByTarget[missing[i]] = created[i];
        }

        for (var j = 0; j < jobs.Count; j++)
        {
            foreach (var cut in existing[j].Cuts)
            {
                // Markers past the cut cannot be seen, so one may be written twice: the report says where and why.
                problems.Add(new ReadProblem(CvatKeys.Job(jobs[j][0].JobId), $"while looking for existing markers: {cut}"));
            }

            foreach (var target in jobs[j])
            {
                if (existing[j].ByFindingKey.TryGetValue(target.Finding.Key, out var issue))
                {
                    markers.Add(Marker(target, issue.Id, created: false));
                }
                else if (BoxBounds.Problem(target.Annotation.Box) is { } unusable)
                {
                    // Such a position cannot be serialised, and the failure would look like an unreachable server
                    // and pause the whole sweep; it is this one marker's problem.
                    problems.Add(new ReadProblem(target.Finding.Key, $"annotation {target.Annotation.Key}: {unusable}, so it cannot be an issue position; no issue was written"));
                }
                else if (createdByTarget[target] is { Issue: { } written })
                {
                    markers.Add(Marker(target, written.Id, created: true));
                }
                else
                {
                    problems.Add(new ReadProblem(target.Finding.Key, createdByTarget[target].Problem!));
                }
            }
        }

        var flagged = targets.Select(t => (t.JobId, t.Frame)).Distinct().ToList();
        if (request.NeedsReviewTag && flagged.Count > 0)
        {
            await new NeedsReviewTagger(connection).TagAsync(request.Snapshot.RemoteProjectId, flagged, request.AllowCreateTagLabel, problems, cancellationToken);
        }

        var relabelled = 0;
        if (request.Mode == WriteBackMode.MarkersAndRelabel)
        {
            relabelled = await new RelabelWork(connection).SendBackAsync(flagged.Select(f => f.JobId).Distinct(), problems, cancellationToken);
        }

        var result = new WriteBackResult(markers, relabelled, problems);
        Log.WroteBack(logger, connection.Name, result.Written, result.AlreadyPresent, relabelled, problems.Count);
        return result;
    }

    private async Task<(CvatIssue? Issue, string? Problem)> CreateIssueAsync(Target target, Uri? triageLink, CancellationToken cancellationToken)
    {
        var box = target.Annotation.Box;
        var issue = new CvatIssueCreate(target.Frame, [box.X, box.Y, box.Right, box.Bottom], target.JobId, IssueMessage.Compose(target.Finding, triageLink));
        return await connection.TryGetAsync(
            (api, token) => api.CreateIssueAsync(issue, token),
            string.Create(CultureInfo.InvariantCulture, $"a new issue on frame {target.Frame} of job {target.JobId}"),
            cancellationToken);
    }

    private static MarkerReference Marker(Target target, long issueId, bool created) =>
        new(target.Finding.Key, target.Annotation.Key, issueId.ToString(CultureInfo.InvariantCulture), created);

    private sealed record Target(Finding Finding, Annotation Annotation, long JobId, int Frame);
}
