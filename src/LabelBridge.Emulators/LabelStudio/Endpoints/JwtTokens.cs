using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>HS256 JWTs shaped like Label Studio's (SimpleJWT): <c>token_type</c>, <c>exp</c>, <c>iat</c>, <c>jti</c>, <c>user_id</c>.</summary>
internal sealed class JwtTokens(TimeProvider timeProvider)
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Issue(string tokenType, long userId, TimeSpan lifetime)
    {
        var now = timeProvider.GetUtcNow();
        var header = Encode(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" });
        var payload = Encode(new JsonObject
        {
            ["token_type"] = tokenType,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["user_id"] = userId,
        });
        return $"{header}.{payload}.{Sign($"{header}.{payload}")}";
    }

    /// <summary>The user id when the token is well-signed, of <paramref name="tokenType"/>, and not expired.</summary>
    public long? Validate(string token, string tokenType)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}")), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = document.RootElement;
            var expires = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            return root.GetProperty("token_type").GetString() == tokenType && expires > timeProvider.GetUtcNow()
                ? root.GetProperty("user_id").GetInt64()
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private string Sign(string signingInput) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
}
