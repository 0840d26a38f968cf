namespace LabelBridge.Core.Vocabulary;

/// <summary>The platform ids behind an annotation, kept so write-back can point at the exact object.</summary>
/// <param name="ObjectId">CVAT shape/track/tag id, or Label Studio region id.</param>
/// <param name="ObjectType">CVAT <c>shape</c>, <c>track</c> or <c>tag</c>; Label Studio result type (<c>rectanglelabels</c>...).</param>
/// <param name="AnnotationId">Label Studio annotation (completion) id; null for CVAT.</param>
/// <param name="Control">Label Studio from_name; null for CVAT.</param>
/// <param name="Target">Label Studio to_name (the image object); null for CVAT.</param>
/// <param name="LabelId">CVAT label id; null for Label Studio.</param>
/// <param name="Annotator">Who made it: CVAT the job's assignee (or the shape's source when it is not manual, e.g.
/// <c>(auto)</c>); Label Studio the annotation's <c>completed_by</c>. Null when the platform did not say.</param>
public sealed record AnnotationOrigin(
    string ObjectId,
    string ObjectType,
    long? AnnotationId = null,
    string? Control = null,
    string? Target = null,
    long? LabelId = null,
    string? Annotator = null);
