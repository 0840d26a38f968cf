using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Projects;

/// <summary>Each project on a platform of one kind names its remote project by the number in the project's URL. Each
/// connector whose platform numbers its projects registers a subclass for its own kind.</summary>
/// <remarks>A rule across the <c>Projects</c> and <c>Platforms</c> sections (the platform's kind decides the id's form),
/// so it validates the whole configuration. One rule for every such connector, so a missing or non-numeric id reads
/// the same whichever platform the project is on.</remarks>
/// <param name="kind">The platforms whose projects this validator checks.</param>
/// <param name="platformTitle">The platform as users name it in a message, such as <c>CVAT</c>.</param>
public abstract class NumericProjectIdValidator(PlatformKind kind, string platformTitle) : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            if (options.FindPlatform(project.Platform)?.Kind != kind)
            {
                continue;
            }

            var key = ConfigRules.Index("Projects", i, "RemoteProjectId");
            if (string.IsNullOrWhiteSpace(project.RemoteProjectId))
            {
                problems.Add(new(key, $"is required: the {platformTitle} project id (the number in the project's URL)"));
            }
            else if (!long.TryParse(project.RemoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new(key, $"'{project.RemoteProjectId}' must be the {platformTitle} project id (the number in the project's URL)"));
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
