using System.Collections.Concurrent;
using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>Turns a verified webhook event into sweep requests for the configured projects it concerns.</summary>
/// <remarks>Events whose annotations were all completed by the user LabelBridge signs in as are LabelBridge's own doing
/// and are ignored, so a sweep never triggers the next one.</remarks>
internal sealed class WebhookSweeps(
    ProjectCatalog catalog,
    ISweepRequester sweeps,
    LabelStudioConnectorFactory connectors,
    ILogger<WebhookSweeps> logger)
{
    private readonly ConcurrentDictionary<string, long> ownUserIds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured projects the event concerns (empty when it is ignored), decided without calling Label
    /// Studio, so the receiver can answer at once; <see cref="RequestSweepsAsync"/> then asks for their sweeps.</summary>
    public IReadOnlyList<string> Concerned(PlatformOptions platform, WebhookEvent webhook)
    {
        if (!webhook.AsksForSweep || webhook.ProjectId is not { } projectId)
        {
            Log.WebhookIgnored(logger, webhook.Action, platform.Name, webhook.AsksForSweep ? "no project id in the payload" : "not an annotation or task event");
            return [];
        }

        var remoteId = projectId.ToString(CultureInfo.InvariantCulture);
        var projects = catalog.OnPlatform(platform.Name, remoteId).Select(p => p.Name).ToList();
        if (projects.Count == 0)
        {
            Log.WebhookForUnknownProject(logger, webhook.Action, platform.Name, remoteId);
        }

        return projects;
    }

    /// <summary>Requests a sweep of each project the event concerns, unless LabelBridge's own user caused it.</summary>
    public async Task RequestSweepsAsync(PlatformOptions platform, WebhookEvent webhook, IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        if (webhook.AuthorIds.Count > 0 && await OwnUserIdAsync(platform, cancellationToken) is { } own && webhook.AuthorIds.All(id => id == own))
        {
            Log.WebhookIgnored(logger, webhook.Action, platform.Name, "caused by LabelBridge's own user");
            return;
        }

        var remoteId = webhook.ProjectId!.Value.ToString(CultureInfo.InvariantCulture);
        foreach (var project in projects)
        {
            await sweeps.RequestSweepAsync(project, "webhook", cancellationToken);
            Log.WebhookSweepRequested(logger, webhook.Action, platform.Name, remoteId, project);
        }
    }

    private async Task<long?> OwnUserIdAsync(PlatformOptions platform, CancellationToken cancellationToken)
    {
        if (ownUserIds.TryGetValue(platform.Name, out var cached))
        {
            return cached;
        }

        try
        {
            var id = await connectors.CreateConnector(platform).GetOwnUserIdAsync(cancellationToken);
            ownUserIds[platform.Name] = id;
            return id;
        }
        catch (PlatformUnavailableException)
        {
            return null;
        }
    }
}
