using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Options;

namespace LabelBridge.Cvat.Configuration;

/// <summary>Checks the CVAT platforms and projects of the configuration at start-up, so a typo is reported before the
/// first sweep instead of during it.</summary>
internal sealed class CvatOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options)
    {
        var failures = new List<string>();
        foreach (var platform in options.Platforms.Where(p => p.Kind == PlatformKind.Cvat))
        {
            var prefix = $"Platforms['{platform.Name}']";
            if (platform.Url is null || !platform.Url.IsAbsoluteUri || platform.Url.Scheme is not ("http" or "https"))
            {
                failures.Add($"{prefix}.Url must be the absolute http(s) URL of the CVAT server root");
            }

            if (!platform.Credentials.IsConfigured)
            {
                failures.Add($"{prefix}.Credentials needs Env or File holding the CVAT access token, API key or password");
            }

            if (platform.AuthScheme == PlatformAuthScheme.Basic && string.IsNullOrWhiteSpace(platform.Username))
            {
                failures.Add($"{prefix}.Username is required with AuthScheme Basic");
            }

            if (platform.PageSize is < 1 or > 1000)
            {
                failures.Add($"{prefix}.PageSize must be between 1 and 1000 (CVAT's largest page)");
            }

            if (platform.RequestTimeout <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}.RequestTimeout must be positive");
            }

            if (platform.MaxConcurrentRequests < 1)
            {
                failures.Add($"{prefix}.MaxConcurrentRequests must be at least 1");
            }

            if (platform.MaxImageBytes < 1)
            {
                failures.Add($"{prefix}.MaxImageBytes must be positive");
            }

            foreach (var project in options.Projects.Where(p => string.Equals(p.Platform, platform.Name, StringComparison.OrdinalIgnoreCase)))
            {
                if (!long.TryParse(project.RemoteProjectId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    failures.Add($"Projects['{project.Name}'].RemoteProjectId must be the CVAT project id (the number in the project's URL)");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
