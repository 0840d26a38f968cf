using Refit;

namespace LabelBridge.LabelStudio.Auth;

/// <summary>Turns a refused request into a sentence that tells the admin which credential the server expects.</summary>
internal static class AuthAdvice
{
    public static string Explain(IApiResponse response, bool usedAccessToken)
    {
        var challenge = response.Headers?.WwwAuthenticate.FirstOrDefault()?.Scheme;
        var detail = Connection.LabelStudioClient.DetailOf(response);
        var legacyDisabled = detail.Contains("legacy", StringComparison.OrdinalIgnoreCase);
        if (usedAccessToken)
        {
            return $"Label Studio refused the access token obtained from the personal access token ({Connection.LabelStudioClient.StatusOf(response)}{detail}). "
                + (string.Equals(challenge, "Token", StringComparison.OrdinalIgnoreCase)
                    ? "The server asks for a legacy API token (Authorization: Token): this server may predate personal access tokens (1.17); set AuthScheme to Token with the key from Account & Settings."
                    : "Check that the personal access token belongs to a user with access to the project, or create a new one.");
        }

        return $"Label Studio refused the legacy API token ({Connection.LabelStudioClient.StatusOf(response)}{detail}). "
            + (legacyDisabled || string.Equals(challenge, "Bearer", StringComparison.OrdinalIgnoreCase)
                ? "The server expects a personal access token: legacy tokens are disabled for this organization. Create a personal access token (Account & Settings) and set AuthScheme to Bearer."
                : "Check the key in Account & Settings; if the organization uses personal access tokens, set AuthScheme to Bearer with one.");
    }
}
