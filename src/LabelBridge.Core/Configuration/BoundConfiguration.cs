namespace LabelBridge.Core.Configuration;

/// <summary>The configuration as the host bound it from the file, before any validator ran: what each section's
/// <c>IOptions&lt;TSection&gt;</c> is taken from, so a problem in one section does not surface again in every other.</summary>
public sealed class BoundConfiguration(LabelBridgeOptions value)
{
    public LabelBridgeOptions Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
}
