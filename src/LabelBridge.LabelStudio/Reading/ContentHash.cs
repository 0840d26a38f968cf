using System.Security.Cryptography;
using System.Text;

namespace LabelBridge.LabelStudio.Reading;

internal static class ContentHash
{
    /// <summary>A short stable hash (12 hex digits) of the parts, for versions and content ids.</summary>
    public static string Of(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))).AsSpan(0, 6));
}
