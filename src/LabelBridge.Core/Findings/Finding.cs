namespace LabelBridge.Core.Findings;

/// <summary>Something a reviewer should look at.</summary>
/// <param name="Key">Stable across sweeps for the same kind and annotation; see <see cref="FindingKeys"/>.</param>
/// <param name="Kind">What is suspected.</param>
/// <param name="Score">Severity in [0, 1]; comparable across sweeps of the same project and model.</param>
/// <param name="AnnotationKey">The annotation it is about.</param>
/// <param name="GivenLabel">The label the annotator gave.</param>
/// <param name="SuggestedLabel">The label the evidence points to, if any. Never applied automatically.</param>
/// <param name="Neighbours">Nearest neighbours that explain the finding (empty for geometry findings).</param>
/// <param name="Reason">A plain sentence saying what is suspected and why, as a reviewer reads it.</param>
/// <param name="MergedKeys">Keys of the other findings on the same annotation that this one carries (one marker per
/// annotation); empty when it stands alone.</param>
public sealed record Finding(
    string Key,
    FindingKind Kind,
    double Score,
    string AnnotationKey,
    string GivenLabel,
    string? SuggestedLabel,
    IReadOnlyList<NeighbourEvidence> Neighbours,
    string Reason,
    IReadOnlyList<string>? MergedKeys = null)
{
    /// <summary>This finding's key and every key it absorbed.</summary>
    public IEnumerable<string> AllKeys() => MergedKeys is null ? [Key] : [Key, .. MergedKeys];
}
