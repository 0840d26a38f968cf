using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Configuration;

/// <summary>The CVAT-specific rules of the <c>Platforms</c> section, checked at start-up so a typo is reported before the
/// first sweep instead of during it. The settings every platform has are checked by the transport's own validator.</summary>
internal sealed class CvatPlatformValidator : IValidateOptions<PlatformsOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Items.Count; i++)
        {
            var platform = options.Items[i];
            if (platform.Kind == PlatformKind.Cvat && platform.AuthScheme == PlatformAuthScheme.Basic && string.IsNullOrWhiteSpace(platform.Username))
            {
                problems.Add(new(ConfigRules.Item(i, "Username"), "is required with AuthScheme basic (the credentials then hold the password)"));
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
