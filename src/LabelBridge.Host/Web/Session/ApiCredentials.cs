using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Web.Session;

/// <summary>What proves a caller knows the API token: the token itself, or a session cookie issued for it.</summary>
/// <remarks>A cookie is <c>v2.&lt;issued unix seconds&gt;.&lt;nonce&gt;.&lt;mac&gt;</c> with mac = HMAC-SHA256(key = token,
/// "labelbridge-session-v2|issued|nonce"): it survives restarts, dies with a changed token, reveals nothing about the
/// token, and expires after <see cref="WebOptions.SessionLifetime"/>. Signing out revokes its nonce in this process
/// (a worker restart or another worker forgets the revocation, but not the expiry). Every comparison is constant-time.</remarks>
internal sealed class ApiCredentials(Secret token, TimeSpan lifetime, TimeProvider time)
{
    public const string CookieName = "labelbridge_session";

    private const string Version = "v2";

    private readonly byte[] expectedToken = Encoding.UTF8.GetBytes(token.Reveal());

    private readonly byte[] key = Encoding.UTF8.GetBytes(token.Reveal());

    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public bool IsToken(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), expectedToken);

    /// <summary>A new cookie value, valid for <see cref="Lifetime"/> from now.</summary>
    public string IssueCookie()
    {
        var issued = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        return $"{Version}.{issued}.{nonce}.{Mac(issued, nonce)}";
    }

    public bool IsSessionCookie(string? candidate) => Parse(candidate) is not null;

    /// <summary>Makes a cookie invalid before it expires (sign-out). Unknown or forged cookies are ignored.</summary>
    public void Revoke(string? cookie)
    {
        if (Parse(cookie) is not { } session)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (nonce, expiry) in revoked)
        {
            if (expiry <= now)
            {
                revoked.TryRemove(nonce, out _);
            }
        }

        revoked[session.Nonce] = session.Expires;
    }

    private (string Nonce, DateTimeOffset Expires)? Parse(string? candidate)
    {
        var parts = candidate?.Split('.');
        if (parts is not [Version, var issued, var nonce, var mac]
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(Mac(issued, nonce))))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds() / 2));
        var expires = issuedAt + lifetime;
        if (issuedAt > now + TimeSpan.FromMinutes(5) || expires <= now || revoked.ContainsKey(nonce))
        {
            return null;
        }

        return (nonce, expires);
    }

    private string Mac(string issued, string nonce) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"labelbridge-session-{Version}|{issued}|{nonce}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
