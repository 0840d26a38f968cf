using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>What <c>doctor</c> says about the Label Studio webhooks that point at LabelBridge.</summary>
/// <remarks>Label Studio webhooks carry no signature, so LabelBridge refuses any delivery without the shared header; Label
/// Studio disables a webhook refused often enough (label_studio/webhooks/utils.py), and creates one with no headers by
/// itself, <c>&lt;ml backend url&gt;/webhook</c>, whenever an ML backend is connected. Such a webhook would fail silently
/// for ever, so it is named here with the fix.</remarks>
internal static class WebhookCheck
{
    private static readonly string[] LabelBridgePaths = ["/webhooks/label-studio/", "/ml-backend/label-studio/"];

    /// <summary>A one-line summary of LabelBridge's webhooks, and a warning for each that cannot be accepted.</summary>
    public static async Task<(string Summary, IReadOnlyList<string> Warnings)> CheckAsync(LabelStudioClient client, CancellationToken cancellationToken)
    {
        List<LsWebhook> hooks;
        try
        {
            hooks = await client.RequireAsync("api/webhooks/", (api, ct) => api.ListWebhooksAsync(ct), cancellationToken);
        }
        catch (PlatformUnavailableException e)
        {
            return ("webhooks not checked", [$"could not list the webhooks ({e.Message}); check in each project's Settings → Webhooks that those to LabelBridge send the {SharedSecretCheck.HeaderName} header"]);
        }

        var ours = hooks.Where(h => h.Url is { } url && LabelBridgePaths.Any(p => url.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
        var warnings = ours
            .Where(h => h.Headers is null || !h.Headers.Keys.Any(k => string.Equals(k, SharedSecretCheck.HeaderName, StringComparison.OrdinalIgnoreCase)))
            .Select(h => $"webhook {h.Id} of project {h.Project?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} posts to {h.Url} without the {SharedSecretCheck.HeaderName} header: "
                + $"LabelBridge refuses its deliveries and Label Studio {(h.IsActive ? "will disable it" : "has disabled it")}. In Label Studio open Project → Settings → Webhooks, "
                + $"edit it and add the header {SharedSecretCheck.HeaderName} with the platform's WebhookSecret (Label Studio creates such a webhook by itself when an ML backend is connected)")
            .ToList();
        var summary = ours.Count == 0
            ? "no webhook points at LabelBridge (scheduled sweeps only)"
            : $"{ours.Count} webhook(s) point at LabelBridge ({string.Join(", ", ours.Select(h => h.Id))})";
        return (summary, warnings);
    }
}
