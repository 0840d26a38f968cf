using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>The only part that speaks a platform's API; everything behind it sees the vocabulary.</summary>
/// <remarks>Expected outcomes (a missing frame, an odd shape, a 409) are results carrying <see cref="ReadProblem"/>s.
/// A platform that cannot be reached or refuses the credentials throws <see cref="PlatformUnavailableException"/>:
/// an outage is an error, never an empty project.</remarks>
public interface IPlatformConnector : IImageSource
{
    PlatformKind Kind { get; }

    /// <summary>Reachability, credentials and server version, for <c>doctor</c>.</summary>
    Task<PlatformStatus> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Labels, items and annotations of one project, paging to the end.</summary>
    Task<ProjectSnapshot> ReadProjectAsync(string remoteProjectId, CancellationToken cancellationToken);

    /// <summary>Writes review markers (and relabel work) idempotently: markers already present are found by key, not written again.</summary>
    Task<WriteBackResult> WriteBackAsync(WriteBackRequest request, CancellationToken cancellationToken);

    /// <summary>Reads back what reviewers did with earlier markers, comparing with the current snapshot.</summary>
    Task<IReadOnlyList<PlatformDecision>> ReadDecisionsAsync(
        ProjectSnapshot current,
        IReadOnlyList<MarkerLabelSnapshot> markers,
        CancellationToken cancellationToken);

    /// <summary>Withdraws a marker because a reviewer dismissed its finding on the triage page (CVAT: resolves the issue).</summary>
    Task<ReadProblem?> DismissAsync(ProjectSnapshot snapshot, MarkerReference marker, CancellationToken cancellationToken);

    /// <summary>Puts a confirmed finding's suggested label next to its marker as a suggestion a person accepts or not
    /// (CVAT: a comment on the issue; Label Studio: the prediction region carrying the suggested label). Never changes the label.</summary>
    Task<ReadProblem?> SuggestLabelAsync(ProjectSnapshot snapshot, Findings.Finding finding, MarkerReference marker, CancellationToken cancellationToken) =>
        Task.FromResult<ReadProblem?>(new ReadProblem(finding.Key, $"{Kind} cannot show suggested labels"));

    /// <summary>Changes one annotation's label on the platform because a reviewer approved it on the triage page, and
    /// resolves the finding's marker. Never called by a sweep. Refused (nothing written) when the annotation on the platform
    /// differs from <see cref="LabelChange.AtSweep"/>.</summary>
    Task<RelabelAttempt> RelabelAsync(ProjectSnapshot snapshot, LabelChange change, CancellationToken cancellationToken) =>
        Task.FromResult(new RelabelAttempt(RelabelStatus.Refused, $"{Kind} connector cannot change labels"));
}
