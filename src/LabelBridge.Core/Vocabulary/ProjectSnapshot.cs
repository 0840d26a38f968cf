namespace LabelBridge.Core.Vocabulary;

/// <summary>Everything a sweep needs from a platform project, except the image pixels.</summary>
/// <remarks>Metadata only: images are fetched one item at a time later, so a 50k-annotation project never
/// holds its images in memory at once.</remarks>
public sealed record ProjectSnapshot(
    PlatformKind Platform,
    string RemoteProjectId,
    string ProjectName,
    IReadOnlyList<ProjectLabel> Labels,
    IReadOnlyList<Item> Items,
    IReadOnlyList<Annotation> Annotations,
    IReadOnlyList<ReadProblem> Problems)
{
    /// <summary>The server it was read from (<see cref="Platforms.ServerIdentity"/>; empty when unknown, as in snapshots
    /// stored before it was recorded). Markers written against it carry it, so a marker is read back only from the server
    /// that has it.</summary>
    public string Server { get; init; } = "";
}
