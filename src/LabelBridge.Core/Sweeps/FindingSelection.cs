using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Quality;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Chooses which findings a sweep reports: dismissed ones stay dismissed while their annotation is unchanged,
/// and at most the project's cap are kept, worst first.</summary>
/// <remarks>A dismissal covers the annotation, not just the one finding key: every finding on a box is merged into
/// one marker, so a reviewer who dismissed that marker said "this box is fine". Its primary kind (and so its key) can
/// change between sweeps — an outlier today, a mislabel tomorrow — and the box must stay quiet until it is edited.</remarks>
public static class FindingSelection
{
    // Keeps annotation-wide dismissals apart from finding keys in one set; finding keys never contain a NUL.
    private const string AnnotationScope = "\0annotation:";

    public static SelectedFindings Select(
        IReadOnlyList<Finding> findings,
        IReadOnlyList<Annotation> annotations,
        IReadOnlyList<DecisionRecord> decisions,
        int maxFindings,
        ReviewBudget? budget = null)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var annotation in annotations)
        {
            versions.TryAdd(annotation.Key, annotation.Version);
        }

        var dismissed = new HashSet<(string Key, string Version)>();
        foreach (var decision in decisions)
        {
            if (decision.Verdict == DecisionVerdict.Dismissed)
            {
                dismissed.Add((decision.FindingKey, decision.AnnotationVersion));
                if (!string.IsNullOrEmpty(decision.AnnotationKey))
                {
                    dismissed.Add((AnnotationScope + decision.AnnotationKey, decision.AnnotationVersion));
                }
            }
        }

        var kept = new List<Finding>();
        var suppressed = 0;
        foreach (var finding in findings)
        {
            var version = versions.GetValueOrDefault(finding.AnnotationKey, "");
            if (dismissed.Contains((AnnotationScope + finding.AnnotationKey, version)) || finding.AllKeys().Any(k => dismissed.Contains((k, version))))
            {
                suppressed++;
                continue;
            }

            kept.Add(finding);
        }

        kept.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Key, b.Key));
        var overBudget = budget is null || budget.IsUnlimited ? 0 : ApplyBudget(kept, budget);
        var overCap = Math.Max(0, kept.Count - maxFindings);
        if (overCap > 0)
        {
            kept.RemoveRange(maxFindings, overCap);
        }

        return new SelectedFindings(kept, suppressed, overCap, overBudget);
    }

    /// <summary>Keeps, worst first, the findings whose job and annotator are still under their caps; returns how many it left out.</summary>
    private static int ApplyBudget(List<Finding> worstFirst, ReviewBudget budget)
    {
        var perJob = new Dictionary<string, int>(StringComparer.Ordinal);
        var perAnnotator = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = worstFirst.Count;
        worstFirst.RemoveAll(finding =>
        {
            var unit = budget.UnitOf(finding.AnnotationKey);
            var job = perJob.GetValueOrDefault(unit.Job);
            var annotator = perAnnotator.GetValueOrDefault(unit.Annotator);
            if (job >= (budget.MaxPerJob ?? int.MaxValue) || annotator >= (budget.MaxPerAnnotator ?? int.MaxValue))
            {
                return true;
            }

            perJob[unit.Job] = job + 1;
            perAnnotator[unit.Annotator] = annotator + 1;
            return false;
        });
        return before - worstFirst.Count;
    }
}

/// <summary>The findings a sweep keeps, and how many it left out and why.</summary>
/// <param name="Findings">Worst first.</param>
/// <param name="SuppressedAsDismissed">Dismissed earlier, annotation unchanged since.</param>
/// <param name="BeyondCap">Above threshold but beyond the per-sweep cap.</param>
/// <param name="BeyondBudget">Above threshold but beyond the job's or annotator's review budget.</param>
public sealed record SelectedFindings(IReadOnlyList<Finding> Findings, int SuppressedAsDismissed, int BeyondCap, int BeyondBudget = 0);
