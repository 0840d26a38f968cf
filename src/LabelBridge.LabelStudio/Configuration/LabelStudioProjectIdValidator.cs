using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Configuration;

/// <summary>Each project on a Label Studio platform names its Label Studio project by number. A rule across the
/// <c>Projects</c> and <c>Platforms</c> sections (the platform's kind decides the id's form), so it validates the whole
/// configuration.</summary>
internal sealed class LabelStudioProjectIdValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            if (options.FindPlatform(project.Platform)?.Kind != PlatformKind.LabelStudio)
            {
                continue;
            }

            var key = ConfigRules.Index("Projects", i, "RemoteProjectId");
            if (string.IsNullOrWhiteSpace(project.RemoteProjectId))
            {
                problems.Add(new(key, "is required: the Label Studio project id (the number in the project's URL)"));
            }
            else if (!long.TryParse(project.RemoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new(key, $"'{project.RemoteProjectId}' must be the Label Studio project id (the number in the project's URL)"));
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
