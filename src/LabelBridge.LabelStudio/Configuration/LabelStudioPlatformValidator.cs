using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Images;
using Microsoft.Extensions.Options;

namespace LabelBridge.LabelStudio.Configuration;

/// <summary>The Label Studio-specific rules of the <c>Platforms</c> section, checked at start-up so a typo is reported
/// before the first sweep instead of during it. The settings every platform has are checked by the transport's own
/// validator.</summary>
internal sealed class LabelStudioPlatformValidator : IValidateOptions<PlatformsOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        for (var i = 0; i < options.Items.Count; i++)
        {
            var platform = options.Items[i];
            if (platform.Kind == PlatformKind.LabelStudio && platform.AuthScheme == PlatformAuthScheme.Basic)
            {
                problems.Add(new(ConfigRules.Item(i, "AuthScheme"), "basic is not supported by Label Studio; use bearer (personal access token) or token (legacy API key)"));
            }

            for (var h = 0; h < platform.AllowedImageHosts.Count; h++)
            {
                if (AllowedImageHost.Parse(platform.AllowedImageHosts[h]) is null)
                {
                    // Not quoted: an entry with user:password@ would repeat the password.
                    problems.Add(new(ConfigRules.Item(i, $"AllowedImageHosts[{h}]"),
                        "is not a host: write a host name (images.example.org), a host and port (images.example.org:8443, [::1]:9000) or an http(s) URL without a path or user name"));
                }
            }
        }

        return ConfigRules.ToResult(problems);
    }
}
