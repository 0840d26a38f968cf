using LabelBridge.Core.Platforms;

namespace LabelBridge.Core.Storage;

/// <summary>A reviewer's verdict on a finding, from the triage page or read back from the platform.</summary>
/// <param name="Project">Configured project name.</param>
/// <param name="FindingKey">The finding decided on.</param>
/// <param name="AnnotationKey">The annotation it was about.</param>
/// <param name="AnnotationVersion">The annotation's version when decided; a dismissal holds while it is unchanged.</param>
/// <param name="Verdict">Confirmed or dismissed.</param>
/// <param name="Source"><c>triage</c> or <c>platform</c>.</param>
/// <param name="DecidedAt">When it was decided (or read back).</param>
public sealed record DecisionRecord(
    string Project,
    string FindingKey,
    string AnnotationKey,
    string AnnotationVersion,
    DecisionVerdict Verdict,
    string Source,
    DateTimeOffset DecidedAt);
