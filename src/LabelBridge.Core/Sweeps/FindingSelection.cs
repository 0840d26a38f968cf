using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
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
        int maxFindings)
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
        var overCap = Math.Max(0, kept.Count - maxFindings);
        if (overCap > 0)
        {
            kept.RemoveRange(maxFindings, overCap);
        }

        return new SelectedFindings(kept, suppressed, overCap);
    }
}

/// <summary>The findings a sweep keeps, and how many it left out and why.</summary>
/// <param name="Findings">Worst first.</param>
/// <param name="SuppressedAsDismissed">Dismissed earlier, annotation unchanged since.</param>
/// <param name="BeyondCap">Above threshold but beyond the per-sweep cap.</param>
public sealed record SelectedFindings(IReadOnlyList<Finding> Findings, int SuppressedAsDismissed, int BeyondCap);
