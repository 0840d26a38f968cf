namespace LabelBridge.Host.Configuration;

/// <summary>One thing wrong with the configuration: the key as a user would write it, and what to do.</summary>
/// <param name="Key">e.g. <c>Projects[2].Schedule</c>.</param>
/// <param name="Message">The value (never a secret) and the fix, e.g. <c>'0 0 25 * * ?': hour 25 is out of range (0-23)</c>.</param>
internal sealed record ConfigProblem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}
