namespace LabelBridge.Core.Platforms;

/// <summary>A review marker that exists on the platform for a finding.</summary>
/// <param name="FindingKey">The finding it marks.</param>
/// <param name="AnnotationKey">The annotation it points at.</param>
/// <param name="MarkerId">The platform's id: a CVAT issue id, a Label Studio prediction id.</param>
/// <param name="Created">True when this write created it; false when it was already there.</param>
public sealed record MarkerReference(string FindingKey, string AnnotationKey, string MarkerId, bool Created);
