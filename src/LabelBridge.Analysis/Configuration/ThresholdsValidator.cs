using System.Globalization;
using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Analysis.Configuration;

/// <summary>Each project's <c>Thresholds</c>: values the scorers can use (finite, in range), so a typo cannot silently
/// report everything or nothing.</summary>
/// <remarks>Keys are relative to the <c>Projects</c> section (<c>[0].Thresholds.NeighbourCount</c>), which the section's
/// registration prefixes.</remarks>
internal sealed class ThresholdsValidator : IValidateOptions<ProjectsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectsOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(ProjectsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Items.Count; i++)
        {
            Validate(options.Items[i].Thresholds, ConfigRules.Item(i, "Thresholds."), problems);
        }

        return problems;
    }

    private static void Validate(AnalysisThresholds thresholds, string prefix, List<ConfigProblem> problems)
    {
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
