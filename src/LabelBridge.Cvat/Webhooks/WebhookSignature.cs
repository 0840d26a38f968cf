using System.Security.Cryptography;
using System.Text;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>CVAT signs each delivery with <c>X-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Signature-256";
    private const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/>; compared in constant time.</summary>
    public static bool IsValid(string? header, ReadOnlySpan<byte> body, string secret)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
