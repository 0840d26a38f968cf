namespace LabelBridge.Core.Platforms;

/// <summary>A reviewer's verdict on a finding.</summary>
public enum DecisionVerdict
{
    /// <summary>The finding was right: the label was changed, or the marker accepted.</summary>
    Confirmed,

    /// <summary>The finding was wrong; it stays suppressed while the annotation is unchanged.</summary>
    Dismissed,
}
