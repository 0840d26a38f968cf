namespace LabelBridge.Core.Platforms;

/// <summary>How much a sweep writes into the platform.</summary>
public enum WriteBackMode
{
    /// <summary>Nothing is written; findings only go to the report and the triage page.</summary>
    DryRun,

    /// <summary>Review markers on the flagged objects (CVAT issues; Label Studio predictions, task meta and a view).</summary>
    Markers,

    /// <summary>Markers plus relabel work (CVAT jobs sent back to annotation; Label Studio's needs-review view).</summary>
    MarkersAndRelabel,
}
