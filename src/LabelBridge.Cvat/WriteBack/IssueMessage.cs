using System.Globalization;
using System.Text;
using LabelBridge.Core.Findings;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>The text of a LabelBridge issue: the marker, then plain sentences a reviewer reads in CVAT.</summary>
/// <remarks>"[labelbridge:ml-3f2a…] Labelled Shirt, but it looks like T-shirt/top. Nearest neighbours: 8× T-shirt/top, 2× Shirt.
/// Score 0.91. Triage: https://…"</remarks>
internal static class IssueMessage
{
    public static string Compose(Finding finding, Uri? triageLink)
    {
        var text = new StringBuilder(FindingKeys.Marker(finding.Key)).Append(' ');
        var reason = finding.Reason.Trim();
        text.Append(reason.Length > 0 ? reason : Fallback(finding));
        if (!reason.EndsWith('.'))
        {
            text.Append('.');
        }

        if (finding.Neighbours.Count > 0)
        {
            var counts = finding.Neighbours
                .GroupBy(n => n.Label, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()}× {g.Key}"));
            text.Append(" Nearest neighbours: ").AppendJoin(", ", counts).Append('.');
        }

        text.Append(CultureInfo.InvariantCulture, $" Score {finding.Score:0.00}.");
        if (triageLink is not null)
        {
            text.Append(" Triage: ").Append(triageLink.AbsoluteUri);
        }

        return text.ToString();
    }

    private static string Fallback(Finding finding) => finding.Kind switch
    {
        FindingKind.Mislabel => $"Labelled {finding.GivenLabel}, but it looks like {finding.SuggestedLabel}",
        FindingKind.Outlier => $"Labelled {finding.GivenLabel}, but it is unlike everything else in the project",
        FindingKind.DuplicateConflict => $"Labelled {finding.GivenLabel}, but a near-identical object is labelled {finding.SuggestedLabel}",
        _ => $"The box of this {finding.GivenLabel} looks implausible",
    };
}
