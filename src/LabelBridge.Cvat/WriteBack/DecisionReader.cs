using System.Globalization;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Platforms.Paging;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>Reads back what reviewers did with LabelBridge's issues.</summary>
/// <remarks>Label changed (or the annotation removed, judged only when every job was read) = confirmed; the issue resolved or deleted with the label
/// unchanged = dismissed; an open issue on an unchanged annotation = no decision yet.</remarks>
internal sealed class DecisionReader(CvatConnection connection)
{
    public const string DismissedComment =
        "Dismissed on the LabelBridge triage page: LabelBridge will not flag this annotation again while it stays unchanged.";

    public async Task<IReadOnlyList<PlatformDecision>> ReadAsync(
        ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken)
    {
        var annotations = current.Annotations.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var items = current.Items.ToDictionary(i => i.Key, StringComparer.Ordinal);
        var decisions = new List<PlatformDecision>();
        var unchanged = new List<(MarkerReference Marker, Annotation Annotation, long JobId)>();
        var everyJobRead = !current.Problems.Any(p =>
            p.Subject.StartsWith("cvat:job/", StringComparison.Ordinal) || p.Reason.Contains(PageGuard<object>.CutThere, StringComparison.Ordinal));
        foreach (var (marker, labelWhenMarked) in markers)
        {
            if (!annotations.TryGetValue(marker.AnnotationKey, out var annotation))
            {
                if (everyJobRead)
                {
                    decisions.Add(new PlatformDecision(marker.FindingKey, marker.AnnotationKey, DecisionVerdict.Confirmed, null));
                }
            }
            else if (!string.Equals(annotation.Label, labelWhenMarked, StringComparison.Ordinal))
            {
                decisions.Add(new PlatformDecision(marker.FindingKey, marker.AnnotationKey, DecisionVerdict.Confirmed, annotation.Label));
            }
            else if (items.TryGetValue(annotation.ItemKey, out var item) && item.Location.JobId is { } jobId)
            {
                unchanged.Add((marker, annotation, jobId));
            }
        }

        foreach (var job in unchanged.GroupBy(u => u.JobId).OrderBy(g => g.Key))
        {
            var issues = await connection.GetAllPagesAsync(
                (api, page, size, token) => api.ListIssuesAsync(job.Key, page, size, token), $"issues of job {job.Key}", cancellationToken);
            var byId = issues.ToDictionary(i => i.Id.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
            foreach (var (marker, annotation, _) in job)
            {
                // An issue missing from a list that was cut short may be past the cut: not a dismissal.
                if ((!byId.TryGetValue(marker.MarkerId, out var issue) && issues.Problem is null) || issue is { Resolved: true })
                {
                    decisions.Add(new PlatformDecision(marker.FindingKey, marker.AnnotationKey, DecisionVerdict.Dismissed, annotation.Label));
                }
            }
        }

        return decisions;
    }

    /// <summary>Resolves the issue behind a marker a reviewer dismissed on the triage page.</summary>
    public async Task<ReadProblem?> DismissAsync(MarkerReference marker, CancellationToken cancellationToken)
    {
        if (!long.TryParse(marker.MarkerId, NumberStyles.None, CultureInfo.InvariantCulture, out var issueId))
        {
            return new ReadProblem(marker.FindingKey, $"marker id '{marker.MarkerId}' is not a CVAT issue id");
        }

        var (_, problem) = await connection.TryGetAsync(
            (api, token) => api.ResolveIssueAsync(issueId, new CvatIssueResolve(true), token), $"issue {issueId}", cancellationToken);
        if (problem is not null)
        {
            return new ReadProblem(marker.FindingKey, problem);
        }

        var (_, commentProblem) = await connection.TryGetAsync(
            (api, token) => api.CreateCommentAsync(new CvatCommentCreate(issueId, DismissedComment), token), $"a comment on issue {issueId}", cancellationToken);
        return commentProblem is null ? null : new ReadProblem(marker.FindingKey, commentProblem);
    }
}
