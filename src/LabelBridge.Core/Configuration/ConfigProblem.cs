namespace LabelBridge.Core.Configuration;

/// <summary>One thing wrong with the configuration: the key as a user would write it, and what to do.</summary>
/// <param name="Key">e.g. <c>Projects[2].Schedule</c>.</param>
/// <param name="Message">The value (never a secret) and the fix, e.g. <c>'0 0 25 * * ?': hour 25 is out of range (0-23)</c>.</param>
/// <remarks>Each part's validator reports its problems as <see cref="Microsoft.Extensions.Options.ValidateOptionsResult"/>
/// failures in the form <c>Key: Message</c>, so the start-up check and <c>labelbridge config check</c> share one list.</remarks>
public sealed record ConfigProblem(string Key, string Message)
{
    /// <summary>Key used for a failure of a validator that does not follow the <c>Key: Message</c> form.</summary>
    public const string UnkeyedFailure = "configuration";

    private const string Separator = ": ";

    public override string ToString() => $"{Key}{Separator}{Message}";

    /// <summary>Reads back a failure written by <see cref="ToString"/>.</summary>
    public static ConfigProblem FromFailure(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var split = failure.IndexOf(Separator, StringComparison.Ordinal);
        return split <= 0 || failure.AsSpan(0, split).Contains(' ')
            ? new ConfigProblem(UnkeyedFailure, failure)
            : new ConfigProblem(failure[..split], failure[(split + Separator.Length)..]);
    }
}
