namespace LabelBridge.Core.Vocabulary;

/// <summary>A label (class) defined in a platform project.</summary>
/// <param name="Name">The label's name as the platform shows it.</param>
/// <param name="RemoteId">The platform's id of the label, when it has one (CVAT does; Label Studio labels are names).</param>
/// <param name="Control">For Label Studio, the control (from_name) the label belongs to; null for CVAT.</param>
public sealed record ProjectLabel(string Name, string? RemoteId = null, string? Control = null);
