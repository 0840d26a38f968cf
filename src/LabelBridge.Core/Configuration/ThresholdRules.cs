using System.Globalization;

namespace LabelBridge.Core.Configuration;

/// <summary>The ranges a project's <see cref="AnalysisThresholds"/> must keep.</summary>
/// <remarks>One copy of the rules for the configuration validator and for thresholds an admin overrides at run time, so
/// a value refused in the JSON is refused from the page and the CLI with the same words.</remarks>
public static class ThresholdRules
{
    /// <param name="thresholds">The values to check.</param>
    /// <param name="prefix">Key prefix of every problem, e.g. <c>Projects[0].Thresholds.</c>.</param>
    /// <param name="problems">Where problems are added.</param>
    public static void Check(AnalysisThresholds thresholds, string prefix, ICollection<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(problems);
        problems.RequireRange(prefix + "NeighbourCount", thresholds.NeighbourCount, 1, 100);
        problems.RequireRange(prefix + "MislabelMinScore", thresholds.MislabelMinScore, 0, 1);
        problems.RequireRange(prefix + "OutlierMinScore", thresholds.OutlierMinScore, 0, 1);
        if (!(thresholds.DuplicateSimilarity is > 0 and <= 1))
        {
            problems.Add(new(prefix + "DuplicateSimilarity", $"{thresholds.DuplicateSimilarity.ToString(CultureInfo.InvariantCulture)} must be in (0, 1]; default 0.97"));
        }

        problems.RequireRange(prefix + "MinBoxSidePixels", thresholds.MinBoxSidePixels, 0, 10_000);
        if (!double.IsFinite(thresholds.MaxAspectRatio) || thresholds.MaxAspectRatio <= 1)
        {
            problems.Add(new(prefix + "MaxAspectRatio", $"{thresholds.MaxAspectRatio.ToString(CultureInfo.InvariantCulture)} must be a finite number greater than 1; default 20"));
        }

        problems.RequireRange(prefix + "MinAreaRelativeToClassMedian", thresholds.MinAreaRelativeToClassMedian, 0, 1);
        problems.RequireRange(prefix + "ExactSearchLimit", thresholds.ExactSearchLimit, 1, int.MaxValue);
    }
}
