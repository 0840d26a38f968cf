using System.Security.Cryptography;
using System.Text;
using LabelBridge.Core.Configuration;
using Microsoft.AspNetCore.Http;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>Label Studio webhooks carry no signature, only static custom headers, so a shared secret header is the check.
/// The ML backend connection can send HTTP basic auth instead; its password is compared with the same secret.</summary>
internal sealed class SharedSecretCheck(SecretResolver secrets)
{
    public const string HeaderName = "X-LabelBridge-Secret";

    /// <summary>Null when the request carries the platform's secret; otherwise why not (never the secret).</summary>
    public string? Refuse(PlatformOptions platform, HttpRequest request, bool allowBasicAuth)
    {
        var secret = secrets.TryResolve(platform.WebhookSecret, out var problem);
        if (secret is null)
        {
            return $"WebhookSecret of platform '{platform.Name}' is not usable ({problem}); requests are refused until it is set.";
        }

        var presented = request.Headers[HeaderName].ToString();
        if (presented.Length == 0 && allowBasicAuth)
        {
            presented = BasicAuthPassword(request.Headers.Authorization.ToString()) ?? "";
        }

        if (presented.Length == 0)
        {
            return allowBasicAuth
                ? $"no {HeaderName} header and no basic-auth password"
                : $"no {HeaderName} header: add it to the webhook's headers in Label Studio";
        }

        return FixedTimeEquals(presented, secret.Reveal()) ? null : $"the {HeaderName} value does not match WebhookSecret";
    }

    internal static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string? BasicAuthPassword(string authorization)
    {
        const string prefix = "Basic ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[prefix.Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
