using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Chooses which findings a sweep reports: dismissed ones stay dismissed while their annotation is unchanged,
/// and at most the project's cap are kept, worst first.</summary>
public static class FindingSelection
{
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

        var dismissed = new HashSet<(string FindingKey, string Version)>();
        foreach (var decision in decisions)
        {
            if (decision.Verdict == DecisionVerdict.Dismissed)
            {
                dismissed.Add((decision.FindingKey, decision.AnnotationVersion));
            }
        }

        var kept = new List<Finding>();
        var suppressed = 0;
        foreach (var finding in findings)
        {
            var version = versions.GetValueOrDefault(finding.AnnotationKey, "");
            if (dismissed.Contains((finding.Key, version)))
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
