using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Core.Review;

/// <summary>A reviewer's "relabel to …" on a finding: the label is changed on the platform, the finding confirmed, its
/// marker resolved, and the change kept with who and when.</summary>
/// <remarks>Only for projects that set <c>AllowReviewerRelabel</c>, and only from here (a sweep never relabels). The
/// connector re-reads the annotation and refuses when it differs from what the sweep read, so a reviewer never overwrites
/// an edit they have not seen. The decision is stored as confirmed (source <see cref="Source"/>) and the marker as
/// resolved, so the next sweep neither reads the resolved marker back as a dismissal nor raises the finding again as open.</remarks>
public sealed class ReviewerRelabels(
    IReviewStore reviews,
    IRelabelStore relabels,
    ProjectCatalog catalog,
    MarkerLedger ledger,
    TimeProvider time,
    ILogger<ReviewerRelabels> logger)
{
    /// <summary>The <see cref="DecisionRecord.Source"/> of a decision made by relabelling.</summary>
    public const string Source = "relabel";

    /// <summary>Longest reviewer name kept.</summary>
    public const int MaxReviewerLength = 100;

    /// <summary>Whether the project lets reviewers relabel, or why not.</summary>
    public string? WhyNotAllowed(string projectName) => Refusal(projectName)?.Message;

    private (RelabelOutcome Outcome, string Message)? Refusal(string projectName)
    {
        var project = catalog.FindProject(projectName);
        return project is null ? (RelabelOutcome.Disabled, $"Project '{projectName}' is no longer configured.")
            : !project.AllowReviewerRelabel
                ? (RelabelOutcome.Disabled, $"Project '{project.Name}' does not allow reviewer relabels (set \"AllowReviewerRelabel\": true in its configuration).")
            : project.WriteBack == WriteBackMode.DryRun
                ? (RelabelOutcome.DryRun, $"Project '{project.Name}' is dry-run: LabelBridge writes nothing to its platform.")
            : null;
    }

    public async Task<RelabelResult> RelabelAsync(ReviewScope scope, string findingKey, string newLabel, string reviewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        RelabelResult Result(RelabelOutcome outcome, string message, string? oldLabel = null) => new(findingKey, outcome, message, oldLabel, newLabel);

        if (Refusal(scope.Project) is { } refusal)
        {
            return Result(refusal.Outcome, refusal.Message);
        }

        var who = reviewer.Trim();
        if (who.Length == 0 || who.Length > MaxReviewerLength || who.Any(char.IsControl))
        {
            return Result(RelabelOutcome.Refused, $"Say who is relabelling: a reviewer name of 1 to {MaxReviewerLength} characters, without control characters.");
        }

        if (!scope.Findings.TryGetValue(findingKey, out var finding))
        {
            return Result(RelabelOutcome.NotFound, $"Finding {findingKey} is not part of sweep {scope.SweepId}.");
        }

        if (!scope.Snapshot.Annotations.TryGetValue(finding.AnnotationKey, out var annotation))
        {
            return Result(RelabelOutcome.NotFound, $"Annotation {finding.AnnotationKey} of finding {findingKey} is not in the snapshot of sweep {scope.SweepId}.");
        }

        var oldLabel = annotation.Label;
        if (!scope.Snapshot.Snapshot.Labels.Any(l => string.Equals(l.Name, newLabel, StringComparison.Ordinal)))
        {
            var known = string.Join(", ", scope.Snapshot.Snapshot.Labels.Select(l => l.Name).Distinct(StringComparer.Ordinal).Take(20));
            return Result(RelabelOutcome.Refused, $"'{newLabel}' is not a label of the project (labels: {known}).", oldLabel);
        }

        if (string.Equals(newLabel, oldLabel, StringComparison.Ordinal))
        {
            return Result(RelabelOutcome.Refused, $"Annotation {annotation.Key} is already labelled {oldLabel}.", oldLabel);
        }

        var marker = (await reviews.GetMarkersAsync(scope.Project, cancellationToken))
            .FirstOrDefault(m => m.FindingKey == findingKey && !m.Resolved && m.IsOn(scope.Snapshot.Snapshot.Server));
        var connector = catalog.CreateConnector(catalog.Get(scope.Project));
        var change = new LabelChange(findingKey, annotation, newLabel,
            marker is null ? null : new MarkerReference(marker.FindingKey, marker.AnnotationKey, marker.MarkerId, Created: false), who);
        RelabelAttempt attempt;
        try
        {
            attempt = await connector.RelabelAsync(scope.Snapshot.Snapshot, change, cancellationToken);
        }
        catch (PlatformUnavailableException exception)
        {
            return Result(RelabelOutcome.Failed, $"{scope.PlatformName} could not be reached, so the label may not have changed: {exception.Message}", oldLabel);
        }

        if (attempt.Status != RelabelStatus.Relabelled)
        {
            Log.RelabelRefused(logger, scope.Project, findingKey, attempt.Status);
            return Result(attempt.Status == RelabelStatus.AnnotationChanged ? RelabelOutcome.AnnotationChanged : RelabelOutcome.Refused, attempt.Message, oldLabel);
        }

        var now = time.GetUtcNow();
        await reviews.SaveDecisionAsync(
            new DecisionRecord(scope.Project, findingKey, annotation.Key, annotation.Version, DecisionVerdict.Confirmed, Source, now), cancellationToken);
        await relabels.SaveRelabelAsync(new RelabelRecord(scope.Project, scope.SweepId, findingKey, annotation.Key, oldLabel, newLabel, who, now), cancellationToken);
        if (attempt.MarkerResolved && marker is not null)
        {
            await ledger.ResolveAsync([marker], cancellationToken);
        }

        Log.Relabelled(logger, scope.Project, findingKey, oldLabel, newLabel);
        return Result(RelabelOutcome.Relabelled, attempt.Message, oldLabel);
    }
}
