using LabelBridge.Core.Platforms;
using LabelBridge.LabelStudio.Webhooks;

namespace LabelBridge.LabelStudio.Connection;

/// <summary>What <c>doctor</c> learns from a Label Studio server: its version, whether the credentials are accepted, and
/// whether the webhooks that point at LabelBridge can be accepted.</summary>
internal sealed class ServerCheck(LabelStudioClient client)
{
    public async Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken)
    {
        string? version = null;
        try
        {
            var about = await client.RequireAsync("api/version/", (api, ct) => api.GetVersionAsync(ct), cancellationToken);
            version = about.Release;
            var user = await client.RequireAsync("api/current-user/whoami", (api, ct) => api.WhoAmIAsync(ct), cancellationToken);
            var (hooks, warnings) = await WebhookCheck.CheckAsync(client, cancellationToken);
            return new PlatformStatus(true, true, version, $"Label Studio {version ?? "(version unknown)"}: signed in as user {user.Id}{(user.Email is null ? "" : $" ({user.Email})")}; {hooks}.")
            {
                Warnings = warnings,
            };
        }
        catch (PlatformUnavailableException ex)
        {
            return new PlatformStatus(version is not null || ex.InnerException is null, false, version, ex.Message);
        }
    }
}
