using LabelBridge.Core.Findings;

namespace LabelBridge.Core.Storage;

/// <summary>A finding as a sweep recorded it.</summary>
/// <param name="SweepId">The sweep that produced it.</param>
/// <param name="Finding">The finding itself, with its evidence.</param>
/// <param name="AnnotationVersion">The annotation's version when it was found (suppression is per version).</param>
/// <param name="ItemKey">The item the annotation sits on.</param>
public sealed record StoredFinding(long SweepId, Finding Finding, string AnnotationVersion, string ItemKey);
