using System.Globalization;

namespace LabelBridge.LabelStudio.Images;

/// <summary>One AllowedImageHosts entry: a host, with a port when one is given (<c>images.example.org</c>,
/// <c>images.example.org:8443</c>, <c>[::1]:9000</c>, or a URL such as <c>https://images.example.org</c>, whose port is
/// the scheme's default when none is written).</summary>
/// <remarks>A URL's port is its default one when omitted (http 80, https 443), so <c>host:443</c> allows
/// <c>https://host/x.png</c> and not <c>http://host:8080/x.png</c>; an entry without a port allows the host on any port.</remarks>
internal sealed record AllowedImageHost(string Host, int? Port)
{
    /// <summary>The entry, or null when it names no host (a problem for the configuration check).</summary>
    public static AllowedImageHost? Parse(string? entry)
    {
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 && url.UserInfo.Length == 0
                ? new AllowedImageHost(Normal(url.Host), url.Port)
                : null;
        }

        return Uri.TryCreate($"http://{text}/", UriKind.Absolute, out var parsed) && parsed.Host.Length > 0 && parsed.UserInfo.Length == 0
            && parsed.AbsolutePath == "/" && parsed.Query.Length == 0
            ? new AllowedImageHost(Normal(parsed.Host), HasPort(text) ? parsed.Port : null)
            : null;
    }

    /// <summary>Whether <paramref name="url"/> is on this host, and on its port when the entry gives one.</summary>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return string.Equals(Normal(url.Host), Host, StringComparison.OrdinalIgnoreCase) && (Port is null || Port == url.Port);
    }

    /// <summary>A port is written when the text ends in <c>:digits</c> after the host (IPv6 hosts are bracketed).</summary>
    private static bool HasPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > text.LastIndexOf(']') && colon < text.Length - 1
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static string Normal(string host) => host.TrimEnd('.').ToLowerInvariant();
}
