using LabelBridge.Core.Findings;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Thresholds;

/// <summary>How many findings each threshold would write, from the latest finished sweep of a project.</summary>
/// <remarks>Runs the sweep's own selection on the analysis the sweep kept: the candidates composed at the threshold
/// (<see cref="ThresholdCandidates.ComposeAll"/>: budgets, one marker per annotation), then dismissals and the per-sweep
/// cap (<see cref="FindingSelection.Select"/>). So a preview equals what the next sweep writes with that threshold while
/// the annotations, the model and the decisions stay as they are; decisions a reviewer makes on the platform count once
/// a sweep has read them back.</remarks>
public sealed class ThresholdPreviewer(ProjectCatalog catalog, ILabelBridgeStore store)
{
    /// <summary>The grid every preview shows, besides the configured and effective values and any asked for.</summary>
    public static IReadOnlyList<double> Grid { get; } = [.. Enumerable.Range(0, 21).Select(i => Math.Round(i * 0.05, 2))];

    /// <param name="projectName">A configured project.</param>
    /// <param name="extra">More threshold values to count (e.g. the one an admin is about to set).</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    public async Task<ThresholdPreviewResult> PreviewAsync(string projectName, IReadOnlyCollection<double>? extra, CancellationToken cancellationToken)
    {
        var project = catalog.FindProject(projectName);
        if (project is null)
        {
            return ThresholdPreviewResult.Refused(ThresholdRefusal.UnknownProject, $"Project '{projectName}' is not configured.");
        }

        var overrides = await store.GetThresholdOverridesAsync(project.Name, cancellationToken);
        var values = ThresholdSettings.Values(project.Thresholds, overrides);
        var sweeps = await store.ListSweepsAsync(project.Name, 50, cancellationToken);
        var sweep = sweeps.FirstOrDefault(s => s.Status == SweepStatus.Succeeded);
        var analysis = sweep is null ? null : await PartedCheckpoint.ReadAsync<ProjectAnalysis>(store, sweep.Id, SweepStage.Analysis, cancellationToken);
        var snapshotData = sweep is null ? null : await store.GetCheckpointAsync(sweep.Id, SweepStage.Snapshot, cancellationToken);
        if (sweep is null || analysis?.Candidates is null || snapshotData is null)
        {
            var why = sweep is null
                ? "The project has no finished sweep yet; run one, then preview."
                : $"Sweep {sweep.Id} was made before threshold preview existed; run a sweep, then preview.";
            return new ThresholdPreviewResult(new ThresholdPreview(project.Name, null, null, project.MaxFindingsPerSweep, 0, [.. values.Select(v =>
                new KindPreview(v.Name, ThresholdNames.KindOf(v.Name), v.Configured, v.Override, v.Effective, [], false, []))], why), null, null);
        }

        var snapshot = await SnapshotCheckpoint.ReadAsync(store, sweep.Id, snapshotData, null, cancellationToken);
        var decisions = await store.GetDecisionsAsync(project.Name, cancellationToken);
        var effective = ThresholdNames.Apply(project.Thresholds, overrides);
        var counter = new Counter(analysis.Candidates, snapshot.Annotations, decisions, project.MaxFindingsPerSweep);
        var kinds = new List<KindPreview>();
        foreach (var value in values)
        {
            var kind = ThresholdNames.KindOf(value.Name);
            var at = Grid.Concat([value.Configured, value.Effective]).Concat(extra ?? []).Where(v => v is >= 0 and <= 1).Distinct().Order();
            var rows = at.Select(t => counter.Count(ThresholdNames.With(effective, value.Name, t), kind, t)).ToList();
            var histogram = analysis.Candidates
                .Select(c => kind == FindingKind.Mislabel ? c.MislabelScores : c.OutlierScores)
                .Aggregate(ScoreHistogram.Empty, (sum, h) => sum.Plus(h));
            var calibrated = kind == FindingKind.Mislabel && analysis.Candidates.Any(c => c.Calibrated);
            kinds.Add(new KindPreview(value.Name, kind, value.Configured, value.Override, value.Effective, histogram.Counts, calibrated, rows));
        }

        var now = counter.Count(effective, FindingKind.Mislabel, effective.MislabelMinScore).Written;
        return new ThresholdPreviewResult(new ThresholdPreview(project.Name, sweep.Id, sweep.StartedAt, project.MaxFindingsPerSweep, now, kinds, null), null, null);
    }

    private sealed class Counter(
        IReadOnlyList<ThresholdCandidates> candidates, IReadOnlyList<Annotation> annotations, IReadOnlyList<DecisionRecord> decisions, int maxFindings)
    {
        private readonly Dictionary<string, double> mislabelScores = candidates
            .SelectMany(c => c.Mislabels)
            .Where(c => c.Finding is not null)
            .GroupBy(c => c.Finding!.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Score, StringComparer.Ordinal);

        public ThresholdRow Count(Configuration.AnalysisThresholds thresholds, FindingKind kind, double threshold)
        {
            var findings = ThresholdCandidates.ComposeAll(candidates, thresholds.MislabelMinScore, thresholds.OutlierMinScore);
            var selected = FindingSelection.Select(findings, annotations, decisions, maxFindings).Findings;
            var ofKind = selected.Count(f => f.Kind == kind);
            double? share = null;
            if (kind == FindingKind.Mislabel)
            {
                var scores = selected.Where(f => f.Kind == FindingKind.Mislabel && mislabelScores.ContainsKey(f.Key)).Select(f => mislabelScores[f.Key]).ToList();
                share = scores.Count == 0 ? null : Math.Round(scores.Average(), 4);
            }

            return new ThresholdRow(threshold, ofKind, selected.Count, share);
        }
    }
}

/// <summary>A preview, or why there is none.</summary>
public sealed record ThresholdPreviewResult(ThresholdPreview? Preview, ThresholdRefusal? Refusal, string? Problem)
{
    public static ThresholdPreviewResult Refused(ThresholdRefusal refusal, string problem) => new(null, refusal, problem);
}

/// <summary>What each threshold would write, computed on one finished sweep.</summary>
/// <param name="Project">The project.</param>
/// <param name="SweepId">The sweep whose analysis is reused; null when there is none to use (see <paramref name="Note"/>).</param>
/// <param name="SweepStartedAt">When that sweep started.</param>
/// <param name="MaxFindingsPerSweep">The per-sweep cap the counts respect.</param>
/// <param name="Written">Findings a sweep writes at the effective thresholds.</param>
/// <param name="Kinds">One entry per overridable threshold.</param>
/// <param name="Note">Why there are no counts, when there are none.</param>
public sealed record ThresholdPreview(
    string Project, long? SweepId, DateTimeOffset? SweepStartedAt, int MaxFindingsPerSweep, int Written, IReadOnlyList<KindPreview> Kinds, string? Note);

/// <summary>One threshold: its values, the score distribution it cuts, and the counts at each value.</summary>
/// <param name="Threshold">e.g. <c>MislabelMinScore</c>.</param>
/// <param name="Kind">The finding kind it gates.</param>
/// <param name="Configured">The configuration's value (the default).</param>
/// <param name="Override">An admin's override, with who and when.</param>
/// <param name="Effective">The value the next sweep uses.</param>
/// <param name="Histogram">Every analysed annotation's score of this kind, in <see cref="ScoreHistogram.DefaultBins"/> bins over [0, 1].</param>
/// <param name="Calibrated">Mislabel scores are calibrated probabilities of a wrong label, so a row's
/// <see cref="ThresholdRow.ExpectedErrorShare"/> estimates the share of true errors.</param>
/// <param name="Rows">Counts at each threshold value, ascending.</param>
public sealed record KindPreview(
    string Threshold, FindingKind Kind, double Configured, ThresholdOverride? Override, double Effective, int[] Histogram, bool Calibrated, IReadOnlyList<ThresholdRow> Rows);

/// <summary>What a sweep would write with one threshold set to <paramref name="Threshold"/> and the others as they are.</summary>
/// <param name="Threshold">The value.</param>
/// <param name="Findings">Written findings of the threshold's kind (their marker's primary kind).</param>
/// <param name="Written">All written findings (markers), every kind.</param>
/// <param name="ExpectedErrorShare">Mislabel only: the mean score of the written mislabel findings, the expected share
/// of true label errors among them when the scores are calibrated.</param>
public sealed record ThresholdRow(double Threshold, int Findings, int Written, double? ExpectedErrorShare);
