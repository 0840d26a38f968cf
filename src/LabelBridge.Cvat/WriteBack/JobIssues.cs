using LabelBridge.Core.Findings;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>A job's issues, with the finding key of each one LabelBridge wrote (read from its first comment), and why
/// either list was cut short when the page guard stopped it.</summary>
internal sealed record JobIssues(IReadOnlyList<CvatIssue> Issues, IReadOnlyDictionary<string, CvatIssue> ByFindingKey, IReadOnlyList<string> Cuts)
{
    public static async Task<JobIssues> ReadAsync(CvatConnection connection, long jobId, CancellationToken cancellationToken)
    {
        var issues = await connection.GetAllPagesAsync(
            (api, page, size, token) => api.ListIssuesAsync(jobId, page, size, token), $"issues of job {jobId}", cancellationToken);
        var comments = await connection.GetAllPagesAsync(
            (api, page, size, token) => api.ListCommentsAsync(jobId, page, size, token), $"comments of job {jobId}", cancellationToken);
        var firstMessage = comments
            .GroupBy(c => c.Issue)
            .ToDictionary(g => g.Key, g => g.MinBy(c => c.Id)!.Message);
        var byKey = new Dictionary<string, CvatIssue>(StringComparer.Ordinal);
        foreach (var issue in issues.OrderBy(i => i.Id))
        {
            if (FindingKeys.ParseMarker(firstMessage.GetValueOrDefault(issue.Id)) is { } key)
            {
                byKey.TryAdd(key, issue);
            }
        }

        return new JobIssues(issues, byKey, [.. new[] { issues.Problem, comments.Problem }.OfType<string>()]);
    }
}
