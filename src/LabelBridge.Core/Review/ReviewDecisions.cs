using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Core.Review;

/// <summary>Carries a reviewer's decisions into the store and the platform, one key at a time: a platform failure for one
/// key is that key's result, and the others still happen.</summary>
/// <remarks>A dismissal is stored with the annotation's version from the sweep, so later sweeps suppress the finding while
/// the annotation is unchanged; its marker is withdrawn on the platform and recorded as resolved, so reading decisions
/// back never mistakes the withdrawal for a second dismissal.</remarks>
public sealed class ReviewDecisions(
    IReviewStore store,
    ProjectCatalog catalog,
    MarkerLedger ledger,
    TimeProvider time,
    ILogger<ReviewDecisions> logger)
{
    /// <summary>The <see cref="DecisionRecord.Source"/> of decisions made here.</summary>
    public const string Source = "triage";

    public async Task<IReadOnlyList<DecisionResult>> DecideAsync(
        ReviewScope scope, IReadOnlyList<string> findingKeys, DecisionVerdict verdict, bool applySuggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(findingKeys);
        var snapshot = scope.Snapshot;
        var connection = Connect(scope.Project);
        var markers = (await store.GetMarkersAsync(scope.Project, cancellationToken)).DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, StringComparer.Ordinal);
        var results = new List<DecisionResult>(findingKeys.Count);
        foreach (var key in findingKeys)
        {
            var finding = scope.Findings.GetValueOrDefault(key) ?? ReviewerFlag(snapshot, markers.GetValueOrDefault(key));
            if (finding is null)
            {
                results.Add(new DecisionResult(key, DecisionOutcome.NotFound, $"Finding {key} is not part of sweep {scope.SweepId}."));
                continue;
            }

            var version = snapshot.Annotations.GetValueOrDefault(finding.AnnotationKey)?.Version ?? "";
            await store.SaveDecisionAsync(
                new DecisionRecord(scope.Project, key, finding.AnnotationKey, version, verdict, Source, time.GetUtcNow()), cancellationToken);
            Log.ReviewDecision(logger, scope.Project, key, verdict);
            var marker = markers.GetValueOrDefault(key);
            try
            {
                results.Add(verdict == DecisionVerdict.Dismissed
                    ? await WithdrawAsync(scope, finding, marker, connection, cancellationToken)
                    : await ConfirmAsync(scope, finding, marker, applySuggestion, connection, cancellationToken));
            }
            catch (PlatformUnavailableException exception)
            {
                results.Add(new DecisionResult(key, DecisionOutcome.Failed, $"Decision saved, but {scope.PlatformName} could not be reached: {exception.Message}"));
            }
        }

        return results;
    }

    /// <summary>Writes a reviewer-flag marker on each annotation through the connector's idempotent write-back; results
    /// come in the order of <paramref name="annotationKeys"/>.</summary>
    public async Task<IReadOnlyList<NeedsReviewResult>> FlagAsync(ReviewScope scope, IReadOnlyList<string> annotationKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(annotationKeys);
        var results = new Dictionary<string, NeedsReviewResult>(StringComparer.Ordinal);
        var flags = new List<Finding>();
        foreach (var key in annotationKeys)
        {
            if (scope.Snapshot.Annotations.TryGetValue(key, out var annotation))
            {
                flags.Add(new Finding(FindingKeys.For(FindingKind.ReviewerFlag, key), FindingKind.ReviewerFlag, 1, key, annotation.Label, null, [],
                    "A reviewer flagged this annotation as needing review on the LabelBridge triage page."));
            }
            else
            {
                results[key] = new NeedsReviewResult(key, FlagOutcome.NotFound, null, $"Annotation {key} is not part of sweep {scope.SweepId}.");
            }
        }

        if (flags.Count > 0)
        {
            await WriteFlagsAsync(scope, flags, results, cancellationToken);
        }

        return annotationKeys.Select(k => results[k]).ToList();
    }

    private async Task WriteFlagsAsync(ReviewScope scope, List<Finding> flags, Dictionary<string, NeedsReviewResult> results, CancellationToken cancellationToken)
    {
        var connection = Connect(scope.Project);
        if (connection.Connector is null)
        {
            flags.ForEach(f => results[f.AnnotationKey] = new NeedsReviewResult(f.AnnotationKey, FlagOutcome.Failed, null, $"Not marked: {connection.Unavailable}"));
            return;
        }

        var project = connection.Project!.Project;
        WriteBackResult written;
        try
        {
            written = await connection.Connector.WriteBackAsync(
                new WriteBackRequest(scope.Snapshot.Snapshot, flags, WriteBackMode.Markers, project.NeedsReviewTag, project.AllowCreateTagLabel, Additive: true),
                cancellationToken);
        }
        catch (PlatformUnavailableException exception)
        {
            flags.ForEach(f => results[f.AnnotationKey] = new NeedsReviewResult(f.AnnotationKey, FlagOutcome.Failed, null,
                $"{scope.PlatformName} could not be reached: {exception.Message}"));
            return;
        }

        await RecordAsync(scope, written.Markers, cancellationToken);
        var markers = written.Markers.DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (markers.TryGetValue(flag.Key, out var marker))
            {
                results[flag.AnnotationKey] = marker.Created
                    ? new NeedsReviewResult(flag.AnnotationKey, FlagOutcome.Marked, marker.MarkerId, $"Marked for review in {scope.PlatformName}.")
                    : new NeedsReviewResult(flag.AnnotationKey, FlagOutcome.AlreadyMarked, marker.MarkerId, $"Already marked for review in {scope.PlatformName}.");
            }
            else
            {
                var why = written.Problems.FirstOrDefault(p => p.Subject == flag.Key || p.Subject == flag.AnnotationKey)?.Reason ?? "the platform wrote no marker";
                results[flag.AnnotationKey] = new NeedsReviewResult(flag.AnnotationKey, FlagOutcome.Failed, null, $"Not marked: {why}");
            }
        }
    }

    /// <summary>A reviewer's needs-review flag on an annotation of this sweep, as a finding that can be dismissed like any other.</summary>
    private static ReportedFinding? ReviewerFlag(SweepSnapshot snapshot, MarkerRecord? marker)
    {
        if (marker is null || FindingKeys.KindOf(marker.FindingKey) != FindingKind.ReviewerFlag
            || !snapshot.Annotations.TryGetValue(marker.AnnotationKey, out var annotation))
        {
            return null;
        }

        var itemName = snapshot.Items.GetValueOrDefault(annotation.ItemKey)?.DisplayName ?? annotation.ItemKey;
        return new ReportedFinding(marker.FindingKey, FindingKind.ReviewerFlag, 1, annotation.Key, annotation.ItemKey, itemName, annotation.Label, null,
            "A reviewer flagged this annotation as needing review.", [], marker.MarkerId, null);
    }

    private async Task<DecisionResult> WithdrawAsync(
        ReviewScope scope, ReportedFinding finding, MarkerRecord? marker, Connection connection, CancellationToken cancellationToken)
    {
        if (marker is null)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Dismissed, "Dismissed; there was no marker on the platform to withdraw.");
        }

        if (marker.Resolved)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Dismissed, $"Dismissed; its marker in {scope.PlatformName} was already withdrawn.");
        }

        if (connection.Connector is null)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Failed, $"Dismissed in LabelBridge, but its marker could not be withdrawn: {connection.Unavailable}");
        }

        var problem = await connection.Connector.DismissAsync(
            scope.Snapshot.Snapshot, new MarkerReference(finding.Key, finding.AnnotationKey, marker.MarkerId, Created: false), cancellationToken);
        if (problem is not null)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Failed,
                $"Dismissed in LabelBridge, but withdrawing marker {marker.MarkerId} in {scope.PlatformName} failed: {problem.Reason}");
        }

        await ledger.ResolveAsync([marker], cancellationToken);
        return new DecisionResult(finding.Key, DecisionOutcome.Dismissed, scope.Platform == Vocabulary.PlatformKind.Cvat
            ? $"Dismissed; issue {marker.MarkerId} resolved in CVAT."
            : $"Dismissed; its prediction region was withdrawn in Label Studio.");
    }

    private async Task<DecisionResult> ConfirmAsync(
        ReviewScope scope, ReportedFinding finding, MarkerRecord? marker, bool applySuggestion, Connection connection, CancellationToken cancellationToken)
    {
        if (!applySuggestion)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Confirmed, "Confirmed; the platform marker stays for the annotator.");
        }

        if (finding.SuggestedLabel is null)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Confirmed, "Confirmed; this finding has no suggested label to apply.");
        }

        if (connection.Connector is not { } connector)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Failed, $"Confirmed in LabelBridge, but the suggestion could not be written: {connection.Unavailable}");
        }

        var asFinding = new Finding(finding.Key, finding.Kind, finding.Score, finding.AnnotationKey, finding.GivenLabel, finding.SuggestedLabel,
            finding.Neighbours, finding.Reason);
        var reference = marker is { Resolved: false }
            ? new MarkerReference(finding.Key, finding.AnnotationKey, marker.MarkerId, Created: false)
            : await WriteMarkerAsync(scope, asFinding, connector, cancellationToken);
        if (reference is null)
        {
            return new DecisionResult(finding.Key, DecisionOutcome.Failed, $"Confirmed in LabelBridge, but {scope.PlatformName} took no marker for the suggestion.");
        }

        var problem = await connector.SuggestLabelAsync(scope.Snapshot.Snapshot, asFinding, reference, cancellationToken);
        return problem is null
            ? new DecisionResult(finding.Key, DecisionOutcome.Confirmed,
                $"Confirmed; {finding.SuggestedLabel} suggested in {scope.PlatformName} (the label itself is unchanged).")
            : new DecisionResult(finding.Key, DecisionOutcome.Failed, $"Confirmed in LabelBridge, but the suggestion could not be written: {problem.Reason}");
    }

    private async Task<MarkerReference?> WriteMarkerAsync(ReviewScope scope, Finding finding, IPlatformConnector connector, CancellationToken cancellationToken)
    {
        var written = await connector.WriteBackAsync(new WriteBackRequest(scope.Snapshot.Snapshot, [finding], WriteBackMode.Markers, Additive: true), cancellationToken);
        await RecordAsync(scope, written.Markers, cancellationToken);
        return written.Markers.FirstOrDefault(m => m.FindingKey == finding.Key);
    }

    private Task RecordAsync(ReviewScope scope, IReadOnlyList<MarkerReference> written, CancellationToken cancellationToken) =>
        ledger.RecordAsync(scope.Project, scope.Snapshot.Snapshot.Server, written, key => scope.Snapshot.Annotations.GetValueOrDefault(key)?.Label ?? "", cancellationToken);

    private Connection Connect(string projectName)
    {
        var project = catalog.Find(projectName, out var missing);
        return new Connection(project, project is null ? null : catalog.CreateConnector(project), missing);
    }

    /// <summary>The project's connector, or why there is none (the project left the configuration after its sweep).</summary>
    private sealed record Connection(ConfiguredProject? Project, IPlatformConnector? Connector, string? Unavailable);
}
