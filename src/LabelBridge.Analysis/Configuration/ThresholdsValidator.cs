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
            ThresholdRules.Check(options.Items[i].Thresholds, ConfigRules.Item(i, "Thresholds."), problems);
        }

        return problems;
    }
}
