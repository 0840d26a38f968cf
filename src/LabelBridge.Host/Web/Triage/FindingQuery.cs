using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Sweeps;

namespace LabelBridge.Host.Web.Triage;

/// <summary>The findings list's filters, sort and page, as the query string gives them.</summary>
internal sealed record FindingQuery(
    FindingKind? Kind, string? Label, string? Suggested, string? Population, DecisionVerdict? Verdict, bool OnlyOpen,
    double MinScore, string Sort, int Offset, int Limit)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    /// <summary>The query, or the reason it cannot be understood.</summary>
    public static (FindingQuery? Query, string? Problem) Parse(
        string? kind, string? label, string? suggested, string? population, string? status, double? minScore, string? sort, int? offset, int? limit)
    {
        FindingKind? parsedKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<FindingKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
            {
                return (null, $"Unknown finding kind '{kind}': use one of {string.Join(", ", Enum.GetNames<FindingKind>())}.");
            }

            parsedKind = k;
        }

        (DecisionVerdict? Verdict, bool OnlyOpen) decided = status?.ToLowerInvariant() switch
        {
            null or "" => (null, false),
            "open" => (null, true),
            "confirmed" => (DecisionVerdict.Confirmed, false),
            "dismissed" => (DecisionVerdict.Dismissed, false),
            _ => (null, false),
        };
        if (!string.IsNullOrEmpty(status) && decided is (null, false))
        {
            return (null, $"Unknown status '{status}': use open, confirmed or dismissed.");
        }

        var order = string.IsNullOrEmpty(sort) ? "-score" : sort;
        if (order is not ("-score" or "score" or "label"))
        {
            return (null, $"Unknown sort '{sort}': use -score, score or label.");
        }

        return (new FindingQuery(parsedKind, Blank(label), Blank(suggested), Blank(population), decided.Verdict, decided.OnlyOpen, minScore ?? 0, order,
            Math.Max(0, offset ?? 0), Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit)), null);
    }

    public Page<FindingView> Apply(TriageSweep sweep, TriageViewBuilder views)
    {
        var matching = sweep.Report.Findings.Where(f => Matches(f, sweep, views));
        var sorted = Sort switch
        {
            "score" => matching.OrderBy(f => f.Score).ThenBy(f => f.Key, StringComparer.Ordinal),
            "label" => matching.OrderBy(f => f.GivenLabel, StringComparer.Ordinal).ThenByDescending(f => f.Score).ThenBy(f => f.Key, StringComparer.Ordinal),
            _ => matching.OrderByDescending(f => f.Score).ThenBy(f => f.Key, StringComparer.Ordinal),
        };
        var all = sorted.ToList();
        return new Page<FindingView>(all.Count, Offset, all.Skip(Offset).Take(Limit).Select(views.Finding).ToList());
    }

    private bool Matches(ReportedFinding finding, TriageSweep sweep, TriageViewBuilder views)
    {
        if ((Kind is { } kind && finding.Kind != kind)
            || (Label is not null && finding.GivenLabel != Label)
            || (Suggested is not null && finding.SuggestedLabel != Suggested)
            || (Population is not null && sweep.PopulationOf(finding.AnnotationKey) != Population)
            || finding.Score < MinScore)
        {
            return false;
        }

        var decision = views.DecisionOf(finding.Key);
        return OnlyOpen ? decision is null : Verdict is not { } verdict || decision?.Verdict == verdict;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
