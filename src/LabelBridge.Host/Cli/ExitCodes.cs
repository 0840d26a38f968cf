namespace LabelBridge.Host.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>doctor</c> found a problem, or a sweep failed.</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid.</summary>
    public const int ConfigurationError = 2;

    /// <summary>A platform could not be reached or refused the credentials.</summary>
    public const int PlatformUnavailable = 3;
}
