using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Review;

/// <summary>The finished sweep a reviewer decides on: its findings by key and its snapshot.</summary>
/// <param name="SweepId">The sweep.</param>
/// <param name="Project">Its configured project.</param>
/// <param name="Platform">The kind of platform it read (for the messages).</param>
/// <param name="Findings">Its reported findings by key.</param>
/// <param name="Snapshot">What it read, indexed.</param>
public sealed record ReviewScope(
    long SweepId, string Project, PlatformKind Platform, IReadOnlyDictionary<string, ReportedFinding> Findings, SweepSnapshot Snapshot)
{
    public string PlatformName => Platform == PlatformKind.Cvat ? "CVAT" : "Label Studio";
}
