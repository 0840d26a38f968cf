namespace LabelBridge.Core.Findings;

/// <summary>One finding per annotation: every finding on a box becomes one marker carrying every reason.</summary>
/// <remarks>A reviewer who meets two or three markers on one box reads them as two or three problems; it is one box
/// to look at. The primary kind is chosen by severity (mislabel, then duplicate conflict, outlier, geometry), not by
/// score, so the merged finding's key (the primary kind's <see cref="FindingKeys.For"/>) stays the same from sweep to
/// sweep while scores drift, and connectors find their earlier marker. The merged score is the highest of the parts.
/// Public in Core because the threshold preview composes findings exactly as the analysis does.</remarks>
public static class FindingMerger
{
    public static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings)
    {
        var byAnnotation = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var finding in findings)
        {
            if (!byAnnotation.TryGetValue(finding.AnnotationKey, out var group))
            {
                byAnnotation[finding.AnnotationKey] = group = [];
                order.Add(finding.AnnotationKey);
            }

            group.Add(finding);
        }

        var merged = new List<Finding>(order.Count);
        foreach (var key in order)
        {
            var group = byAnnotation[key];
            if (group.Count == 1)
            {
                merged.Add(group[0]);
                continue;
            }

            group.Sort((a, b) => Severity(a.Kind) != Severity(b.Kind) ? Severity(a.Kind).CompareTo(Severity(b.Kind)) : b.Score.CompareTo(a.Score));
            var primary = group[0];
            var others = group.Skip(1).ToList();
            var reason = primary.Reason + string.Concat(others.Select(o => $"; also {KindText(o.Kind)}: {o.Reason}"));
            var suggested = primary.SuggestedLabel ?? others.Select(o => o.SuggestedLabel).FirstOrDefault(s => s is not null);
            var neighbours = primary.Neighbours.Count > 0 ? primary.Neighbours : others.Select(o => o.Neighbours).FirstOrDefault(n => n.Count > 0) ?? [];
            merged.Add(primary with
            {
                Score = group.Max(f => f.Score),
                SuggestedLabel = suggested,
                Neighbours = neighbours,
                Reason = reason,
                MergedKeys = [.. others.Select(o => o.Key)],
            });
        }

        return merged;
    }

    private static int Severity(FindingKind kind) => kind switch
    {
        FindingKind.Mislabel => 0,
        FindingKind.DuplicateConflict => 1,
        FindingKind.Outlier => 2,
        FindingKind.Geometry => 3,
        _ => 4,
    };

    private static string KindText(FindingKind kind) => kind switch
    {
        FindingKind.DuplicateConflict => "duplicate conflict",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
