using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Quality;

/// <summary>One annotator's or one job's share of a sweep: how much they labelled, how much of it was flagged, what
/// reviewers decided, and which label confusions recur.</summary>
/// <param name="Name">The annotator (e.g. <c>alice</c>) or the job (e.g. <c>job 12</c>).</param>
/// <param name="Annotations">Annotations read in the sweep.</param>
/// <param name="Findings">Findings the sweep kept on them.</param>
/// <param name="FindingsPer100">Findings per 100 annotations.</param>
/// <param name="Confirmed">Findings reviewers confirmed (on the page, by relabelling, or on the platform).</param>
/// <param name="Dismissed">Findings reviewers dismissed.</param>
/// <param name="TopConfusions">The most frequent given → suggested pairs among the mislabel findings, most frequent first.</param>
public sealed record QualityRow(
    string Name,
    int Annotations,
    int Findings,
    double FindingsPer100,
    int Confirmed,
    int Dismissed,
    IReadOnlyList<QualityConfusion> TopConfusions);

/// <summary>A given → suggested label pair and how often it was found.</summary>
public sealed record QualityConfusion(string Given, string Suggested, int Count);

/// <summary>Per annotator and per job, worst (most findings per 100 annotations) first.</summary>
public sealed record QualityTable(IReadOnlyList<QualityRow> Annotators, IReadOnlyList<QualityRow> Jobs);

/// <summary>Computes the annotator and job table of one sweep from its snapshot, its findings and the project's decisions.</summary>
/// <remarks>The platforms' own quality reports (CVAT's against ground-truth jobs) need a labelled reference; this one
/// needs none: it counts embedding findings, so it says where to look, not who is wrong.</remarks>
public static class AnnotatorQuality
{
    /// <summary>How many confusion pairs each row lists.</summary>
    public const int TopConfusionCount = 3;

    public static QualityTable Compute(
        IReadOnlyList<Item> items, IReadOnlyList<Annotation> annotations, IReadOnlyList<ReportedFinding> findings, IReadOnlyList<DecisionRecord> decisions)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(decisions);
        var units = WorkUnits.Of(items, annotations);
        var verdicts = new Dictionary<string, DecisionVerdict>(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            verdicts.TryAdd(decision.FindingKey, decision.Verdict);
        }

        var byAnnotator = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var byJob = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var unit in units.Values)
        {
            Of(byAnnotator, unit.Annotator).Annotations++;
            Of(byJob, unit.Job).Annotations++;
        }

        foreach (var finding in findings)
        {
            if (finding.Kind == FindingKind.ReviewerFlag)
            {
                continue;
            }

            var unit = units.GetValueOrDefault(finding.AnnotationKey) ?? new WorkUnit(WorkUnits.Unknown, WorkUnits.Unknown);
            var verdict = verdicts.TryGetValue(finding.Key, out var v) ? v : (DecisionVerdict?)null;
            foreach (var tally in new[] { Of(byAnnotator, unit.Annotator), Of(byJob, unit.Job) })
            {
                tally.Add(finding.Kind, finding.GivenLabel, finding.SuggestedLabel, verdict);
            }
        }

        return new QualityTable(Rows(byAnnotator), Rows(byJob));
    }

    private static Tally Of(Dictionary<string, Tally> tallies, string name)
    {
        if (!tallies.TryGetValue(name, out var tally))
        {
            tally = new Tally();
            tallies[name] = tally;
        }

        return tally;
    }

    private static List<QualityRow> Rows(Dictionary<string, Tally> tallies) =>
        tallies.Select(pair => pair.Value.Row(pair.Key))
            .OrderByDescending(r => r.FindingsPer100).ThenByDescending(r => r.Findings).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    private sealed class Tally
    {
        private readonly Dictionary<(string Given, string Suggested), int> confusions = [];
        private int findings;
        private int confirmed;
        private int dismissed;

        public int Annotations { get; set; }

        public void Add(FindingKind kind, string given, string? suggested, DecisionVerdict? verdict)
        {
            findings++;
            confirmed += verdict == DecisionVerdict.Confirmed ? 1 : 0;
            dismissed += verdict == DecisionVerdict.Dismissed ? 1 : 0;
            if (kind == FindingKind.Mislabel && suggested is not null)
            {
                confusions[(given, suggested)] = confusions.GetValueOrDefault((given, suggested)) + 1;
            }
        }

        public QualityRow Row(string name) => new(
            name,
            Annotations,
            findings,
            Annotations == 0 ? 0 : Math.Round(100.0 * findings / Annotations, 2),
            confirmed,
            dismissed,
            confusions.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Given, StringComparer.Ordinal).ThenBy(c => c.Key.Suggested, StringComparer.Ordinal)
                .Take(TopConfusionCount).Select(c => new QualityConfusion(c.Key.Given, c.Key.Suggested, c.Value)).ToList());
    }
}
