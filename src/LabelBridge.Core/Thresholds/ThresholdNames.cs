using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Core.Thresholds;

/// <summary>The thresholds an admin can preview and override, and the finding kind each one gates.</summary>
/// <remarks>Only the two score thresholds: their effect can be previewed exactly from the last sweep's candidates. The
/// others (neighbour count, scorer, budgets) change the analysis itself and stay in the configuration.</remarks>
public static class ThresholdNames
{
    public const string MislabelMinScore = nameof(AnalysisThresholds.MislabelMinScore);

    public const string OutlierMinScore = nameof(AnalysisThresholds.OutlierMinScore);

    public static IReadOnlyList<string> Overridable { get; } = [MislabelMinScore, OutlierMinScore];

    /// <summary>The canonical spelling of <paramref name="name"/> (case-insensitive), or null when it cannot be overridden.</summary>
    public static string? Find(string? name) =>
        Overridable.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static FindingKind KindOf(string name) => name switch
    {
        MislabelMinScore => FindingKind.Mislabel,
        OutlierMinScore => FindingKind.Outlier,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an overridable threshold"),
    };

    public static double Get(AnalysisThresholds thresholds, string name)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return name switch
        {
            MislabelMinScore => thresholds.MislabelMinScore,
            OutlierMinScore => thresholds.OutlierMinScore,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an overridable threshold"),
        };
    }

    /// <summary>A copy of <paramref name="thresholds"/> with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static AnalysisThresholds With(AnalysisThresholds thresholds, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var copy = thresholds.Copy();
        switch (name)
        {
            case MislabelMinScore:
                copy.MislabelMinScore = value;
                break;
            case OutlierMinScore:
                copy.OutlierMinScore = value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not an overridable threshold");
        }

        return copy;
    }

    /// <summary>The configured thresholds with every stored override applied: what the next sweep uses.</summary>
    public static AnalysisThresholds Apply(AnalysisThresholds configured, IEnumerable<ThresholdOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var effective = configured.Copy();
        foreach (var entry in overrides)
        {
            if (Find(entry.Name) is { } name)
            {
                effective = With(effective, name, entry.Value);
            }
        }

        return effective;
    }
}
