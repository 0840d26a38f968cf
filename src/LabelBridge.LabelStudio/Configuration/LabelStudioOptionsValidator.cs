using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Images;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Configuration;

/// <summary>The Label Studio-specific rules of the configuration, checked at start-up so a typo is reported before the
/// first sweep instead of during it. The settings every platform has are checked by the transport's own validator.</summary>
internal sealed class LabelStudioOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            if (platform.Kind == PlatformKind.LabelStudio && platform.AuthScheme == PlatformAuthScheme.Basic)
            {
                problems.Add(new(ConfigRules.Index("Platforms", i, "AuthScheme"), "basic is not supported by Label Studio; use bearer (personal access token) or token (legacy API key)"));
            }

            for (var h = 0; h < platform.AllowedImageHosts.Count; h++)
            {
                if (AllowedImageHost.Parse(platform.AllowedImageHosts[h]) is null)
                {
                    // Not quoted: an entry with user:password@ would repeat the password.
                    problems.Add(new(ConfigRules.Index("Platforms", i, $"AllowedImageHosts[{h}]"),
                        "is not a host: write a host name (images.example.org), a host and port (images.example.org:8443, [::1]:9000) or an http(s) URL without a path or user name"));
                }
            }
        }

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

        return problems;
    }
}
