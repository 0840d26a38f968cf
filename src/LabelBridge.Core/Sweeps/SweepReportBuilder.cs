using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Assembles the report of a sweep from its stage results.</summary>
internal static class SweepReportBuilder
{
    /// <summary>How many sweeps (this one included) the report's quality trend covers.</summary>
    public const int TrendSweeps = 5;

    public static SweepReport Build(
        SweepRun run,
        ProjectSnapshot snapshot,
        EmbeddingSummary embeddings,
        ProjectAnalysis analysis,
        SelectedFindings selected,
        WriteBackResult writeBack,
        IReadOnlyList<(SweepRecord Sweep, QualityTable Table)> earlierQuality,
        DateTimeOffset finishedAt)
    {
        var annotations = snapshot.Annotations.DistinctBy(a => a.Key).ToDictionary(a => a.Key, StringComparer.Ordinal);
        var items = snapshot.Items.DistinctBy(i => i.Key).ToDictionary(i => i.Key, StringComparer.Ordinal);
        var markers = writeBack.Markers.DistinctBy(m => m.FindingKey).ToDictionary(m => m.FindingKey, m => m.MarkerId, StringComparer.Ordinal);

        var findings = selected.Findings.Select(f =>
        {
            var annotation = annotations[f.AnnotationKey];
            var item = items.GetValueOrDefault(annotation.ItemKey);
            return new ReportedFinding(f.Key, f.Kind, f.Score, f.AnnotationKey, annotation.ItemKey, item?.DisplayName ?? annotation.ItemKey,
                f.GivenLabel, f.SuggestedLabel, f.Reason, f.Neighbours, markers.GetValueOrDefault(f.Key),
                item is null ? null : run.Request.PlatformLink?.Invoke(item));
        }).ToList();

        var problems = snapshot.Problems.Concat(embeddings.Problems).Concat(writeBack.Problems).ToList();
        var byKind = Enum.GetValues<FindingKind>().Where(k => k != FindingKind.ReviewerFlag).ToDictionary(k => k.ToString(), k => selected.Findings.Count(f => f.Kind == k));
        var counts = new SweepCounts(
            AnnotationsRead: snapshot.Annotations.Count,
            AnnotationsSkipped: snapshot.Annotations.Count - embeddings.Count,
            PatchesEmbedded: embeddings.Embedded,
            CacheHits: embeddings.CacheHits,
            FindingsByKind: byKind,
            SuppressedAsDismissed: selected.SuppressedAsDismissed,
            BeyondCap: selected.BeyondCap,
            MarkersWritten: writeBack.Written,
            MarkersAlreadyPresent: writeBack.AlreadyPresent,
            RelabelUnits: writeBack.RelabelUnits,
            WriteBackErrors: writeBack.Problems.Count);

        var notes = selected.BeyondBudget == 0
            ? analysis.Notes
            : [.. analysis.Notes, string.Create(CultureInfo.InvariantCulture,
                $"{selected.BeyondBudget} findings above threshold were left out by the review budgets (MaxFindingsPerJob, MaxFindingsPerAnnotator); worst first per job and annotator")];
        // Decided findings of this sweep are none yet: the table's decisions columns fill in on the triage API, which reads them live.
        var quality = AnnotatorQuality.Compute(snapshot.Items, snapshot.Annotations, findings, []);
        return new SweepReport(run.Sweep.Id, run.Request.Project.Name, snapshot.Platform, snapshot.RemoteProjectId, run.Sweep.Trigger,
            run.Sweep.StartedAt, finishedAt, embeddings.EmbedderDescription, counts, findings, analysis.Confusion, run.Timings,
            problems, notes, analysis.Projection, Points(analysis.Projection, annotations, selected.Findings),
            Shown(analysis.Estimate, selected.Findings), quality,
            QualityTrends.Build([.. earlierQuality, (run.Sweep with { FinishedAt = finishedAt }, quality)]));
    }

    /// <summary>The estimate with the mislabel findings the sweep actually keeps (dismissals and the cap remove some).</summary>
    private static LabelErrorEstimate? Shown(LabelErrorEstimate? estimate, IReadOnlyList<Finding> findings) =>
        estimate is null ? null : estimate with { Shown = findings.Count(f => f.Kind == FindingKind.Mislabel) };

    private static List<PlotPoint> Points(PlotProjection projection, Dictionary<string, Annotation> annotations, IReadOnlyList<Finding> findings)
    {
        var worst = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (!worst.TryGetValue(finding.AnnotationKey, out var current) || current.Score < finding.Score)
            {
                worst[finding.AnnotationKey] = finding;
            }
        }

        var points = new List<PlotPoint>(projection.AnnotationKeys.Count);
        for (var i = 0; i < projection.AnnotationKeys.Count; i++)
        {
            var key = projection.AnnotationKeys[i];
            var label = annotations.TryGetValue(key, out var annotation) ? annotation.Label : "";
            worst.TryGetValue(key, out var finding);
            points.Add(new PlotPoint(key, projection.Coordinates[2 * i], projection.Coordinates[(2 * i) + 1], label,
                finding?.Key, finding?.Kind, finding?.Score ?? 0, annotation?.IsImageLevel == true ? PlotPoint.ImageLabels : PlotPoint.Objects));
        }

        return points;
    }
}
