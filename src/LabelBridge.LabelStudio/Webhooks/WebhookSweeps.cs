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

    /// <summary>The configured project names a sweep was requested for (empty when the event is ignored).</summary>
    public async Task<IReadOnlyList<string>> HandleAsync(PlatformOptions platform, WebhookEvent webhook, CancellationToken cancellationToken)
    {
        if (!webhook.AsksForSweep || webhook.ProjectId is not { } projectId)
        {
            Log.WebhookIgnored(logger, webhook.Action, platform.Name, webhook.AsksForSweep ? "no project id in the payload" : "not an annotation or task event");
            return [];
        }

        if (webhook.AuthorIds.Count > 0 && await OwnUserIdAsync(platform, cancellationToken) is { } own && webhook.AuthorIds.All(id => id == own))
        {
            Log.WebhookIgnored(logger, webhook.Action, platform.Name, "caused by LabelBridge's own user");
            return [];
        }

        var remoteId = projectId.ToString(CultureInfo.InvariantCulture);
        var requested = new List<string>();
        foreach (var project in catalog.OnPlatform(platform.Name, remoteId))
        {
            await sweeps.RequestSweepAsync(project.Name, "webhook", cancellationToken);
            Log.WebhookSweepRequested(logger, webhook.Action, platform.Name, remoteId, project.Name);
            requested.Add(project.Name);
        }

        if (requested.Count == 0)
        {
            Log.WebhookForUnknownProject(logger, webhook.Action, platform.Name, remoteId);
        }

        return requested;
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
