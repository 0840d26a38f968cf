using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Configuration;

/// <summary>The CVAT-specific rules of the configuration, checked at start-up so a typo is reported before the first
/// sweep instead of during it. The settings every platform has are checked by the transport's own validator.</summary>
internal sealed class CvatOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            if (platform.Kind == PlatformKind.Cvat && platform.AuthScheme == PlatformAuthScheme.Basic && string.IsNullOrWhiteSpace(platform.Username))
            {
                problems.Add(new(ConfigRules.Index("Platforms", i, "Username"), "is required with AuthScheme basic (the credentials then hold the password)"));
            }
        }

        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            if (options.FindPlatform(project.Platform)?.Kind != PlatformKind.Cvat)
            {
                continue;
            }

            var key = ConfigRules.Index("Projects", i, "RemoteProjectId");
            if (string.IsNullOrWhiteSpace(project.RemoteProjectId))
            {
                problems.Add(new(key, "is required: the CVAT project id (the number in the project's URL)"));
            }
            else if (!long.TryParse(project.RemoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new(key, $"'{project.RemoteProjectId}' must be the CVAT project id (the number in the project's URL)"));
            }
        }

        return problems;
    }
}
