using System.Globalization;

namespace LabelBridge.Core.Platforms;

/// <summary>Which server a platform is: its host, port and path, so staging and production (or two organizations'
/// servers) never share anything keyed by task ids and file names.</summary>
/// <remarks>The scheme is left out (a server moved from http to https is the same server) and so are the query, the
/// user info and a trailing slash; host and path compare case-insensitively as URLs do in practice.</remarks>
public static class ServerIdentity
{
    public static string Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{url.Host}:{url.Port}{url.AbsolutePath.TrimEnd('/')}").ToLowerInvariant();
    }
}
