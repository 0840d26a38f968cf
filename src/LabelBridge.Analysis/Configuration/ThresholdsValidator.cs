using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Analysis.Configuration;

/// <summary>Each project's <c>Thresholds</c>: values the scorers can use (finite, in range), so a typo cannot silently
/// report everything or nothing.</summary>
internal sealed class ThresholdsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Projects.Count; i++)
        {
            ThresholdRules.Check(options.Projects[i].Thresholds, $"Projects[{i}].Thresholds.", problems);
        }

        return problems;
    }
}
