using System.Security.Cryptography;
using System.Text;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Web.Session;

/// <summary>What proves a caller knows the API token: the token itself, or the session cookie derived from it.</summary>
/// <remarks>The cookie holds HMAC-SHA256(key = token, "labelbridge-session-v1"), so it survives restarts, changes when the
/// token changes, and reveals nothing about the token. Every comparison is constant-time.</remarks>
internal sealed class ApiCredentials(Secret token)
{
    public const string CookieName = "labelbridge_session";

    private readonly byte[] expectedToken = Encoding.UTF8.GetBytes(token.Reveal());

    private readonly byte[] expectedCookie = Encoding.ASCII.GetBytes(SessionValue(token));

    public string CookieValue => Encoding.ASCII.GetString(expectedCookie);

    public bool IsToken(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), expectedToken);

    public bool IsSessionCookie(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expectedCookie);

    private static string SessionValue(Secret token) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal()), "labelbridge-session-v1"u8))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
