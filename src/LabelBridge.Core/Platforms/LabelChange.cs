using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>A label change a reviewer approved on the triage page, for the connector to make on the platform.</summary>
/// <param name="FindingKey">The finding the reviewer confirmed.</param>
/// <param name="AtSweep">The annotation as the sweep read it; the change is refused when the platform's copy differs.</param>
/// <param name="NewLabel">A label of the project (<see cref="ProjectSnapshot.Labels"/>).</param>
/// <param name="Marker">The finding's open marker on the platform, resolved with the change; null when there is none.</param>
/// <param name="Reviewer">Who approved it, named in the note left on the platform.</param>
public sealed record LabelChange(string FindingKey, Annotation AtSweep, string NewLabel, MarkerReference? Marker, string Reviewer);

/// <summary>What the platform did with a <see cref="LabelChange"/>.</summary>
public enum RelabelStatus
{
    /// <summary>The label is changed on the platform.</summary>
    Relabelled,

    /// <summary>The annotation changed (or went away) since the sweep, so nothing was written: the reviewer judged another version.</summary>
    AnnotationChanged,

    /// <summary>The platform cannot make this change (a skeleton, a label the platform does not know...); nothing was written.</summary>
    Refused,
}

/// <summary>The connector's answer to a <see cref="LabelChange"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Message">A sentence for the reviewer naming the reason.</param>
/// <param name="MarkerResolved">True when the finding's marker was resolved with the change.</param>
public sealed record RelabelAttempt(RelabelStatus Status, string Message, bool MarkerResolved = false);
