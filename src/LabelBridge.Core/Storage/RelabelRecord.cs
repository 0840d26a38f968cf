namespace LabelBridge.Core.Storage;

/// <summary>A label a reviewer changed on the platform from the triage page: who changed what, from which label to which, and when.</summary>
/// <param name="Project">Configured project name.</param>
/// <param name="SweepId">The sweep the reviewer was looking at.</param>
/// <param name="FindingKey">The finding the reviewer confirmed by relabelling.</param>
/// <param name="AnnotationKey">The annotation whose label was changed.</param>
/// <param name="OldLabel">Its label in that sweep (and on the platform just before the change).</param>
/// <param name="NewLabel">The label it has now.</param>
/// <param name="Reviewer">The name the reviewer gave on the page.</param>
/// <param name="RelabelledAt">When the platform took the change.</param>
public sealed record RelabelRecord(
    string Project,
    long SweepId,
    string FindingKey,
    string AnnotationKey,
    string OldLabel,
    string NewLabel,
    string Reviewer,
    DateTimeOffset RelabelledAt);
