namespace LabelBridge.Core.Findings;

/// <summary>What a finding suspects.</summary>
public enum FindingKind
{
    /// <summary>The annotation sits among neighbours of another class.</summary>
    Mislabel,

    /// <summary>The annotation is far from everything, in the project and in its class.</summary>
    Outlier,

    /// <summary>A near-identical annotation carries a different label.</summary>
    DuplicateConflict,

    /// <summary>The box itself is implausible: outside the frame, tiny, or of an extreme aspect ratio.</summary>
    Geometry,

    /// <summary>A reviewer tagged the annotation "needs review" on the triage page; no analysis makes these.</summary>
    ReviewerFlag,
}
