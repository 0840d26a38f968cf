using System.Collections.Concurrent;
using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Cvat.Connection;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>Finds the CVAT project a delivery concerns, and tells LabelBridge's own writes from people's.</summary>
/// <remarks>Issue and comment payloads name only their job or issue, so the project is looked up (issue → job → project)
/// and remembered: a job never changes project while LabelBridge watches it. Every issue LabelBridge writes touches its
/// job (<c>update:job</c>) and raises <c>create:issue</c>/<c>create:comment</c> with LabelBridge's token user as
/// <c>sender</c>; such deliveries must not ask for another sweep, or each sweep would schedule the next.
/// Lookups are bounded by <see cref="LookupBudget"/>, well inside CVAT's 10 s delivery timeout.</remarks>
internal sealed class CvatWebhookRouter(IEnumerable<IPlatformConnectorFactory> factories, TimeProvider timeProvider)
{
    public static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(5);

    /// <summary>How long the token's user is remembered: a rotated token for another user is noticed within this.</summary>
    private static readonly TimeSpan IdentityLifetime = TimeSpan.FromMinutes(10);

    private const int MaxRememberedJobs = 100_000;

    private readonly CvatConnectorFactory factory = factories.OfType<CvatConnectorFactory>().First();
    private readonly ConcurrentDictionary<string, (long UserId, DateTimeOffset Until)> ownUsers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Platform, long Job), long> jobProjects = new();

    public async Task<WebhookRoute> RouteAsync(PlatformOptions platform, WebhookPayload payload, CancellationToken cancellationToken)
    {
        if (platform.Url is null)
        {
            return payload.ProjectId is { } configuredless ? WebhookRoute.To(configuredless) : WebhookRoute.Unresolved("the platform has no Url to look the project up");
        }

        using var budget = new CancellationTokenSource(LookupBudget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            var connection = factory.CreateConnection(platform);
            if (payload.SenderId is { } sender && await OwnUserIdAsync(connection, linked.Token) == sender)
            {
                return WebhookRoute.FromLabelBridge;
            }

            if (payload.ProjectId is { } projectId)
            {
                return WebhookRoute.To(projectId);
            }

            var jobId = payload.JobId ?? (payload.IssueId is { } issueId ? await IssueJobAsync(connection, issueId, linked.Token) : null);
            if (jobId is null)
            {
                return WebhookRoute.Unresolved(payload.IssueId is { } missing ? $"issue {missing} could not be read" : "the delivery names no project, job or issue");
            }

            var project = await JobProjectAsync(connection, jobId.Value, linked.Token);
            return project is null
                ? WebhookRoute.Unresolved($"job {jobId} could not be read, or belongs to no project")
                : WebhookRoute.To(project.Value.ToString(CultureInfo.InvariantCulture));
        }
        catch (PlatformUnavailableException e)
        {
            return WebhookRoute.Unresolved(e.Message);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WebhookRoute.Unresolved($"CVAT did not answer the project lookup within {LookupBudget.TotalSeconds:0} s");
        }
    }

    private async Task<long?> OwnUserIdAsync(CvatConnection connection, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (ownUsers.TryGetValue(connection.Name, out var known) && known.Until > now)
        {
            return known.UserId;
        }

        var (self, _) = await connection.TryGetAsync((api, token) => api.GetSelfAsync(token), "the signed-in user", cancellationToken);
        if (self is null)
        {
            return null;
        }

        ownUsers[connection.Name] = (self.Id, now + IdentityLifetime);
        return self.Id;
    }

    private static async Task<long?> IssueJobAsync(CvatConnection connection, long issueId, CancellationToken cancellationToken)
    {
        var (issue, _) = await connection.TryGetAsync((api, token) => api.GetIssueAsync(issueId, token), $"issue {issueId}", cancellationToken);
        return issue?.Job;
    }

    private async Task<long?> JobProjectAsync(CvatConnection connection, long jobId, CancellationToken cancellationToken)
    {
        if (jobProjects.TryGetValue((connection.Name, jobId), out var known))
        {
            return known;
        }

        var (job, _) = await connection.TryGetAsync((api, token) => api.GetJobProjectAsync(jobId, token), $"job {jobId}", cancellationToken);
        if (job?.ProjectId is not { } projectId)
        {
            return null;
        }

        if (jobProjects.Count >= MaxRememberedJobs)
        {
            jobProjects.Clear();
        }

        jobProjects[(connection.Name, jobId)] = projectId;
        return projectId;
    }
}
