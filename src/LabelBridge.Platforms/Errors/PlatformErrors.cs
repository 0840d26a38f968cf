using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Platforms.Errors;

/// <summary>The platform problems both connectors report, worded once.</summary>
internal static class PlatformErrors
{
    public static string KindName(PlatformKind kind) => kind == PlatformKind.LabelStudio ? "Label Studio" : kind.ToString().ToUpperInvariant();

    /// <summary>No usable base URL.</summary>
    public static PlatformUnavailableException MissingUrl(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var example = platform.Kind == PlatformKind.LabelStudio ? "https://ls.example.org" : "https://cvat.example.org";
        return new PlatformUnavailableException(platform.Name, $"no absolute Url configured: set the {KindName(platform.Kind)} server's base URL, e.g. {example}");
    }

    /// <summary>A base URL with <c>user:password@</c>: never used, so the password is never sent, logged or stored with it.</summary>
    public static PlatformUnavailableException CredentialsInUrl(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new PlatformUnavailableException(platform.Name, $"the Url of {KindName(platform.Kind)} platform '{platform.Name}' carries a user name or password (user:password@): remove it and put the password or token in Credentials");
    }

    /// <summary>The credential could not be resolved; <paramref name="problem"/> names the source, never the value.</summary>
    public static PlatformUnavailableException MissingCredentials(PlatformOptions platform, string? problem)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new PlatformUnavailableException(platform.Name, $"credentials for {KindName(platform.Kind)} at {platform.Url} are not available: {problem ?? "no credential configured"}");
    }
}
