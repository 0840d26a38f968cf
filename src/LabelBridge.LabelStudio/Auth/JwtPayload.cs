using System.Buffers.Text;
using System.Text.Json;

namespace LabelBridge.LabelStudio.Auth;

/// <summary>The two claims LabelBridge reads from a Label Studio JWT; the signature is the server's business.</summary>
internal sealed record JwtPayload(string? TokenType, DateTimeOffset? ExpiresAt)
{
    public static JwtPayload? TryRead(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = root.TryGetProperty("token_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            DateTimeOffset? expires = root.TryGetProperty("exp", out var e) && e.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            return new JwtPayload(type, expires);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
