namespace LabelBridge.Core.Configuration;

/// <summary>A resolved secret value. Its <see cref="ToString"/> never shows the value, so it cannot leak into logs.</summary>
public sealed class Secret
{
    private readonly string value;

    public Secret(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        this.value = value;
    }

    /// <summary>The value itself; call only where it goes onto the wire.</summary>
    public string Reveal() => value;

    public override string ToString() => "***";
}
