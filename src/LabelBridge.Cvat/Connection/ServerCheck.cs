using System.Globalization;
using System.Net;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;

namespace LabelBridge.Cvat.Connection;

/// <summary>What <c>doctor</c> shows for a CVAT server: reachable, credentials accepted, version, and what to fix.</summary>
internal sealed class ServerCheck(CvatConnection connection)
{
    /// <summary>The oldest CVAT with the /api/labels, job stage/state and issue endpoints LabelBridge uses.</summary>
    public static readonly Version MinimumVersion = new(2, 4);

    /// <summary>CVAT added personal access tokens (Authorization: Bearer) in 2.48.</summary>
    public static readonly Version AccessTokensSince = new(2, 48);

    public async Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (connection.CredentialProblem is not null)
        {
            return new PlatformStatus(false, false, null, $"credentials for {connection.Where} are not available: {connection.CredentialProblem}");
        }

        string? versionText;
        try
        {
            using var about = await connection.SendAllowingAuthFailureAsync((api, token) => api.GetAboutAsync(token), "server information", cancellationToken);
            versionText = about.IsSuccessStatusCode ? about.Content?.Version : null;
            using var self = await connection.SendAllowingAuthFailureAsync((api, token) => api.GetSelfAsync(token), "the signed-in user", cancellationToken);
            var version = Parse(versionText);
            if (self.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new PlatformStatus(true, false, versionText, RefusedMessage(version, CvatConnection.ErrorDetail(self)));
            }

            if (!self.IsSuccessStatusCode || self.Content is null)
            {
                return new PlatformStatus(true, false, versionText, $"{connection.Where} answered {((int?)self.StatusCode ?? 0)} to /api/users/self: is this a CVAT server?");
            }

            if (version is not null && version < MinimumVersion)
            {
                return new PlatformStatus(true, true, versionText, $"{connection.Where} runs CVAT {versionText}, older than {MinimumVersion}, the oldest LabelBridge supports: upgrade CVAT");
            }

            var organization = string.IsNullOrEmpty(connection.Platform.Organization) ? "personal workspace" : $"organization '{connection.Platform.Organization}'";
            var signedIn = $"CVAT {versionText ?? "(version unknown)"} at {connection.Platform.Url}: signed in as {self.Content.Username} ({organization})";
            if (await IsReadOnlyTokenAsync(version, cancellationToken))
            {
                return new PlatformStatus(true, true, versionText, $"{signedIn} with a read-only personal access token: {ReadOnlyTokenFix}")
                {
                    CanWrite = false,
                };
            }

            return new PlatformStatus(true, true, versionText, signedIn);
        }
        catch (PlatformUnavailableException e)
        {
            return new PlatformStatus(false, false, null, e.Message);
        }
    }

    /// <summary>How to replace a read-only token; shared with the 403 message of a refused write.</summary>
    internal const string ReadOnlyTokenFix =
        "CVAT refuses every write made with it (403), so no issue, comment or job change can be written. In CVAT, open Profile > Security, " +
        "create a personal access token with 'Read only' unchecked, and put it where Credentials points";

    /// <summary>Asks CVAT for the record of the token in use (<c>/api/auth/access_tokens/self</c>); a token's rights are not
    /// visible any other way without writing something.</summary>
    private async Task<bool> IsReadOnlyTokenAsync(Version? version, CancellationToken cancellationToken)
    {
        if (connection.Platform.AuthScheme != PlatformAuthScheme.Bearer || version is not null && version < AccessTokensSince)
        {
            return false;
        }

        using var token = await connection.SendAllowingAuthFailureAsync((api, t) => api.GetOwnAccessTokenAsync(t), "the access token in use", cancellationToken);
        return token.IsSuccessStatusCode && token.Content is { ReadOnly: true };
    }

    /// <summary>The numeric part of a CVAT version such as <c>2.52.1</c> or <c>2.4.0-dev</c>.</summary>
    internal static Version? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var numeric = new string([.. text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).TrimEnd('.');
        return Version.TryParse(numeric.Contains('.', StringComparison.Ordinal) ? numeric : numeric + ".0", out var version) ? version : null;
    }

    private string RefusedMessage(Version? version, string detail)
    {
        var scheme = connection.Platform.AuthScheme;
        var shown = version?.ToString() ?? "(version unknown)";
        if (scheme == PlatformAuthScheme.Bearer && version is not null && version < AccessTokensSince)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{connection.Where} runs CVAT {shown}, which predates personal access tokens ({AccessTokensSince}): set AuthScheme to Token and use an API key, or upgrade CVAT");
        }

        if (scheme == PlatformAuthScheme.Token && version is not null && version >= AccessTokensSince)
        {
            return $"{connection.Where} refused the legacy API key ({detail}): create a personal access token in the CVAT user profile and set AuthScheme to Bearer";
        }

        return $"{connection.Where} refused the credentials ({detail}): {connection.AuthHint()}";
    }
}
