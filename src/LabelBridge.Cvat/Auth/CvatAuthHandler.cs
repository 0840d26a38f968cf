using System.Net.Http.Headers;
using System.Text;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Cvat.Auth;

/// <summary>Puts one CVAT server's credentials and organization on every request, as Label Studio's auth handler does
/// for its server, so no API method and no client default carries them.</summary>
/// <remarks>CVAT's tokens do not expire under a running sweep (an access token or legacy key is valid until revoked; basic
/// auth is a password), so a 401 is a refused credential reported as such, never renewed here.</remarks>
internal sealed class CvatAuthHandler(AuthenticationHeaderValue? authorization, string? organization) : DelegatingHandler
{
    /// <summary>The handler for <paramref name="platform"/>; without a resolved secret requests go without credentials
    /// (the connection reports the missing secret before sending any).</summary>
    public static CvatAuthHandler For(PlatformOptions platform, Secret? secret, HttpMessageHandler inner)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var header = secret is null ? null : platform.AuthScheme switch
        {
            PlatformAuthScheme.Bearer => new AuthenticationHeaderValue("Bearer", secret.Reveal()),
            PlatformAuthScheme.Token => new AuthenticationHeaderValue("Token", secret.Reveal()),
            _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{platform.Username}:{secret.Reveal()}"))),
        };
        return new CvatAuthHandler(header, string.IsNullOrWhiteSpace(platform.Organization) ? null : platform.Organization) { InnerHandler = inner };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        if (organization is not null)
        {
            request.Headers.Remove("X-Organization");
            request.Headers.Add("X-Organization", organization);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
