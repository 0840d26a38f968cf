namespace LabelBridge.Core.Storage;

/// <summary>A review marker LabelBridge has on the platform for a project's finding.</summary>
/// <param name="Project">Configured project name.</param>
/// <param name="FindingKey">The finding it carries.</param>
/// <param name="AnnotationKey">The annotation it points at.</param>
/// <param name="MarkerId">The platform's id for it (CVAT issue id, Label Studio prediction id).</param>
/// <param name="LabelWhenMarked">The annotation's label when the marker was written.</param>
/// <param name="WrittenAt">When it was written.</param>
/// <param name="Resolved">True once the marker has been withdrawn (dismissed) on the platform.</param>
/// <param name="Server">The server it is on (<see cref="Platforms.ServerIdentity"/>); empty for markers recorded before
/// the server was, which are taken to be on the project's current server.</param>
public sealed record MarkerRecord(
    string Project,
    string FindingKey,
    string AnnotationKey,
    string MarkerId,
    string LabelWhenMarked,
    DateTimeOffset WrittenAt,
    bool Resolved,
    string Server = "")
{
    /// <summary>Whether the marker is on <paramref name="server"/> (or on an unrecorded server).</summary>
    public bool IsOn(string server) => Server.Length == 0 || server.Length == 0 || string.Equals(Server, server, StringComparison.Ordinal);
}
