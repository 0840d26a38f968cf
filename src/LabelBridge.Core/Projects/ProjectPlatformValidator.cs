using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Projects;

/// <summary>Each project's <c>Platform</c> names one of the configured platforms. A rule across the <c>Projects</c> and
/// <c>Platforms</c> sections, so it validates the whole configuration.</summary>
internal sealed class ProjectPlatformValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            if (!string.IsNullOrWhiteSpace(project.Platform) && options.FindPlatform(project.Platform) is null)
            {
                var known = options.Platforms.Count == 0 ? "none are configured" : "known: " + string.Join(", ", options.Platforms.Select(p => p.Name));
                problems.Add(new(ConfigRules.Index("Projects", i, "Platform"), $"'{project.Platform}' is not a configured platform ({known})"));
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
