namespace LabelBridge.Core.Platforms;

/// <summary>The platform as a whole cannot be used: unreachable, wrong URL, credentials refused.</summary>
/// <remarks>The message is written for the admin and never contains a credential.</remarks>
public sealed class PlatformUnavailableException : Exception
{
    public PlatformUnavailableException(string platform, string message, Exception? innerException = null)
        : base($"{platform}: {message}", innerException)
    {
        Platform = platform;
    }

    public PlatformUnavailableException()
        : this("platform", "unavailable")
    {
    }

    public PlatformUnavailableException(string message)
        : this("platform", message)
    {
    }

    public PlatformUnavailableException(string message, Exception innerException)
        : this("platform", message, innerException)
    {
    }

    public string Platform { get; } = "platform";

    /// <summary>True when the platform refused LabelBridge's credentials, or LabelBridge could not produce any (an expired
    /// or revoked token, a wrong scheme).</summary>
    /// <remarks>Repeating the call cannot help until an admin acts, so a caller that repeats calls itself (a bulk import
    /// finding out what landed) stops at once instead of waiting out its backoff.</remarks>
    public bool CredentialsRefused { get; init; }
}
