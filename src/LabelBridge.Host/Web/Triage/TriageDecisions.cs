using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Host.Sweeps;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Web.Triage;

/// <summary>Carries a reviewer's decisions into the store and the platform, one key at a time: a platform failure for one
/// key is that key's result, and the others still happen.</summary>
/// <remarks>A dismissal is stored with the annotation's version from the sweep, so later sweeps suppress the finding while
/// the annotation is unchanged; its marker is withdrawn on the platform and recorded as resolved, so reading decisions
/// back never mistakes the withdrawal for a second dismissal.</remarks>
internal sealed class TriageDecisions(
    ILabelBridgeStore store,
    ProjectSweeps projects,
    IOptions<LabelBridgeOptions> options,
    TimeProvider time,
    ILogger<TriageDecisions> logger)
{
    public const string Source = "triage";

    public async Task<IReadOnlyList<DecisionResult>> DecideAsync(
        TriageSweep sweep, IReadOnlyList<string> findingKeys, DecisionVerdict verdict, bool applySuggestion, CancellationToken cancellationToken)
    {
        var snapshot = await sweep.SnapshotAsync(cancellationToken);
        var connector = Connector(sweep.Project, out var unavailable);
        var markers = (await store.GetMarkersAsync(sweep.Project, cancellationToken)).DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, StringComparer.Ordinal);
        var results = new List<DecisionResult>(findingKeys.Count);
        foreach (var key in findingKeys)
        {
            var finding = sweep.Findings.GetValueOrDefault(key) ?? ReviewerFlag(snapshot, markers.GetValueOrDefault(key));
            if (finding is null)
            {
                results.Add(new DecisionResult(key, "not-found", $"Finding {key} is not part of sweep {sweep.Sweep.Id}."));
                continue;
            }

            var version = snapshot.Annotations.GetValueOrDefault(finding.AnnotationKey)?.Version ?? "";
            await store.SaveDecisionAsync(
                new DecisionRecord(sweep.Project, key, finding.AnnotationKey, version, verdict, Source, time.GetUtcNow()), cancellationToken);
            Log.TriageDecision(logger, sweep.Project, key, verdict);
            var marker = markers.GetValueOrDefault(key);
            try
            {
                results.Add(verdict == DecisionVerdict.Dismissed
                    ? await WithdrawAsync(sweep, snapshot, finding, marker, connector, unavailable, cancellationToken)
                    : await ConfirmAsync(sweep, snapshot, finding, marker, applySuggestion, connector, unavailable, cancellationToken));
            }
            catch (PlatformUnavailableException exception)
            {
                results.Add(new DecisionResult(key, "failed", $"Decision saved, but {PlatformName(sweep)} could not be reached: {exception.Message}"));
            }
        }

        return results;
    }

    /// <summary>Writes a reviewer-flag marker on each annotation through the connector's idempotent write-back; results
    /// come in the order of <paramref name="annotationKeys"/>.</summary>
    public async Task<IReadOnlyList<NeedsReviewResult>> FlagAsync(TriageSweep sweep, IReadOnlyList<string> annotationKeys, CancellationToken cancellationToken)
    {
        var snapshot = await sweep.SnapshotAsync(cancellationToken);
        var results = new Dictionary<string, NeedsReviewResult>(StringComparer.Ordinal);
        var flags = new List<Finding>();
        foreach (var key in annotationKeys)
        {
            if (snapshot.Annotations.TryGetValue(key, out var annotation))
            {
                flags.Add(new Finding(FindingKeys.For(FindingKind.ReviewerFlag, key), FindingKind.ReviewerFlag, 1, key, annotation.Label, null, [],
                    "A reviewer flagged this annotation as needing review on the LabelBridge triage page."));
            }
            else
            {
                results[key] = new NeedsReviewResult(key, "not-found", null, $"Annotation {key} is not part of sweep {sweep.Sweep.Id}.");
            }
        }

        if (flags.Count > 0)
        {
            await WriteFlagsAsync(sweep, snapshot, flags, results, cancellationToken);
        }

        return annotationKeys.Select(k => results[k]).ToList();
    }

    private async Task WriteFlagsAsync(TriageSweep sweep, SweepSnapshot snapshot, List<Finding> flags, Dictionary<string, NeedsReviewResult> results, CancellationToken cancellationToken)
    {
        var connector = Connector(sweep.Project, out var unavailable);
        if (connector is null)
        {
            flags.ForEach(f => results[f.AnnotationKey] = new NeedsReviewResult(f.AnnotationKey, "failed", null, $"Not marked: {unavailable}"));
            return;
        }

        var project = options.Value.FindProject(sweep.Project)!;
        WriteBackResult written;
        try
        {
            written = await connector.WriteBackAsync(
                new WriteBackRequest(snapshot.Snapshot, flags, WriteBackMode.Markers, project.NeedsReviewTag, project.AllowCreateTagLabel, Additive: true),
                cancellationToken);
        }
        catch (PlatformUnavailableException exception)
        {
            flags.ForEach(f => results[f.AnnotationKey] = new NeedsReviewResult(f.AnnotationKey, "failed", null, $"{PlatformName(sweep)} could not be reached: {exception.Message}"));
            return;
        }

        await RecordAsync(sweep, snapshot, written.Markers, cancellationToken);
        var markers = written.Markers.DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (markers.TryGetValue(flag.Key, out var marker))
            {
                results[flag.AnnotationKey] = new NeedsReviewResult(flag.AnnotationKey, marker.Created ? "marked" : "already-marked", marker.MarkerId,
                    marker.Created ? $"Marked for review in {PlatformName(sweep)}." : $"Already marked for review in {PlatformName(sweep)}.");
            }
            else
            {
                var why = written.Problems.FirstOrDefault(p => p.Subject == flag.Key || p.Subject == flag.AnnotationKey)?.Reason ?? "the platform wrote no marker";
                results[flag.AnnotationKey] = new NeedsReviewResult(flag.AnnotationKey, "failed", null, $"Not marked: {why}");
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
        TriageSweep sweep, SweepSnapshot snapshot, ReportedFinding finding, MarkerRecord? marker, IPlatformConnector? connector, string? unavailable, CancellationToken cancellationToken)
    {
        if (marker is null)
        {
            return new DecisionResult(finding.Key, "dismissed", "Dismissed; there was no marker on the platform to withdraw.");
        }

        if (marker.Resolved)
        {
            return new DecisionResult(finding.Key, "dismissed", $"Dismissed; its marker in {PlatformName(sweep)} was already withdrawn.");
        }

        if (connector is null)
        {
            return new DecisionResult(finding.Key, "failed", $"Dismissed in LabelBridge, but its marker could not be withdrawn: {unavailable}");
        }

        var problem = await connector.DismissAsync(snapshot.Snapshot, new MarkerReference(finding.Key, finding.AnnotationKey, marker.MarkerId, Created: false), cancellationToken);
        if (problem is not null)
        {
            return new DecisionResult(finding.Key, "failed", $"Dismissed in LabelBridge, but withdrawing marker {marker.MarkerId} in {PlatformName(sweep)} failed: {problem.Reason}");
        }

        await store.UpsertMarkersAsync([marker with { Resolved = true }], cancellationToken);
        return new DecisionResult(finding.Key, "dismissed", sweep.Report.Platform == PlatformKind.Cvat
            ? $"Dismissed; issue {marker.MarkerId} resolved in CVAT."
            : $"Dismissed; its prediction region was withdrawn in Label Studio.");
    }

    private async Task<DecisionResult> ConfirmAsync(
        TriageSweep sweep, SweepSnapshot snapshot, ReportedFinding finding, MarkerRecord? marker, bool applySuggestion, IPlatformConnector? connector, string? unavailable,
        CancellationToken cancellationToken)
    {
        if (!applySuggestion)
        {
            return new DecisionResult(finding.Key, "confirmed", "Confirmed; the platform marker stays for the annotator.");
        }

        if (finding.SuggestedLabel is null)
        {
            return new DecisionResult(finding.Key, "confirmed", "Confirmed; this finding has no suggested label to apply.");
        }

        if (connector is null)
        {
            return new DecisionResult(finding.Key, "failed", $"Confirmed in LabelBridge, but the suggestion could not be written: {unavailable}");
        }

        var asFinding = new Finding(finding.Key, finding.Kind, finding.Score, finding.AnnotationKey, finding.GivenLabel, finding.SuggestedLabel,
            finding.Neighbours, finding.Reason);
        var reference = marker is { Resolved: false }
            ? new MarkerReference(finding.Key, finding.AnnotationKey, marker.MarkerId, Created: false)
            : await WriteMarkerAsync(sweep, snapshot, asFinding, connector, cancellationToken);
        if (reference is null)
        {
            return new DecisionResult(finding.Key, "failed", $"Confirmed in LabelBridge, but {PlatformName(sweep)} took no marker for the suggestion.");
        }

        var problem = await connector.SuggestLabelAsync(snapshot.Snapshot, asFinding, reference, cancellationToken);
        return problem is null
            ? new DecisionResult(finding.Key, "confirmed", $"Confirmed; {finding.SuggestedLabel} suggested in {PlatformName(sweep)} (the label itself is unchanged).")
            : new DecisionResult(finding.Key, "failed", $"Confirmed in LabelBridge, but the suggestion could not be written: {problem.Reason}");
    }

    private async Task<MarkerReference?> WriteMarkerAsync(TriageSweep sweep, SweepSnapshot snapshot, Finding finding, IPlatformConnector connector, CancellationToken cancellationToken)
    {
        var written = await connector.WriteBackAsync(new WriteBackRequest(snapshot.Snapshot, [finding], WriteBackMode.Markers, Additive: true), cancellationToken);
        await RecordAsync(sweep, snapshot, written.Markers, cancellationToken);
        return written.Markers.FirstOrDefault(m => m.FindingKey == finding.Key);
    }

    private async Task RecordAsync(TriageSweep sweep, SweepSnapshot snapshot, IReadOnlyList<MarkerReference> written, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var records = written
            .Select(m => new MarkerRecord(sweep.Project, m.FindingKey, m.AnnotationKey, m.MarkerId,
                snapshot.Annotations.GetValueOrDefault(m.AnnotationKey)?.Label ?? "", now, Resolved: false))
            .ToList();
        if (records.Count > 0)
        {
            await store.UpsertMarkersAsync(records, cancellationToken);
        }
    }

    private IPlatformConnector? Connector(string projectName, out string? unavailable)
    {
        var project = options.Value.FindProject(projectName);
        var platform = project is null ? null : options.Value.FindPlatform(project.Platform);
        unavailable = project is null ? $"project '{projectName}' is no longer configured."
            : platform is null ? $"platform '{project.Platform}' is not configured." : null;
        return platform is null ? null : projects.CreateConnector(platform);
    }

    private static string PlatformName(TriageSweep sweep) => sweep.Report.Platform == PlatformKind.Cvat ? "CVAT" : "Label Studio";
}
