using LabelBridge.Core.Configuration;
using LabelBridge.Platforms.Resilience;
using Microsoft.Extensions.Options;

namespace LabelBridge.Platforms.Configuration;

/// <summary>What the transport needs of every platform, whichever its kind: a unique name, an http(s) server, a
/// credential, and limits it can enforce. Kind-specific rules are the connectors' own validators.</summary>
/// <remarks>Keys are relative to the section (<c>[0].Url</c>), which the section's registration prefixes.</remarks>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformsOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformsOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(PlatformsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Items.Count; i++)
        {
            var platform = options.Items[i];
            string Key(string property) => ConfigRules.Item(i, property);

            if (string.IsNullOrWhiteSpace(platform.Name))
            {
                problems.Add(new(Key("Name"), "is required: a short name projects refer to, e.g. \"cvat-main\""));
            }
            else if (!seen.Add(platform.Name))
            {
                problems.Add(new(Key("Name"), $"'{platform.Name}' is used by another platform; names must be unique"));
            }

            if (platform.Url is null)
            {
                problems.Add(new(Key("Url"), "is required: the server's base URL, e.g. \"https://cvat.example.org\""));
            }
            else if (platform.Url.IsAbsoluteUri && !string.IsNullOrEmpty(platform.Url.UserInfo))
            {
                // Checked before any rule that quotes the Url, so the password is never repeated.
                problems.Add(new(Key("Url"), "carries a user name or password (user:password@); remove it: the password or token belongs in Credentials (Env or File), the user name in Username"));
            }
            else if (!platform.Url.IsAbsoluteUri || platform.Url.Scheme is not ("http" or "https"))
            {
                problems.Add(new(Key("Url"), $"'{platform.Url}' must be an absolute URL starting with http:// or https://"));
            }

            if (!platform.Credentials.IsConfigured)
            {
                problems.Add(new(Key("Credentials"), "is required: set Env (name of an environment variable holding the token) or File (path of a file holding it)"));
            }

            problems.RequireRange(Key("PageSize"), platform.PageSize, 1, 1000);
            problems.RequireRange(Key("MaxConcurrentRequests"), platform.MaxConcurrentRequests, 1, 64);
            problems.RequirePositive(Key("RequestTimeout"), platform.RequestTimeout);
            problems.RequirePositive(Key("BodyReadTimeout"), platform.BodyReadTimeout);
            problems.RequirePositive(Key("TransferRateWindow"), platform.TransferRateWindow);
            problems.RequireRange(Key("MinimumTransferRate"), platform.MinimumTransferRate, 0, 1L << 30);
            problems.RequireRange(Key("MaxPages"), platform.MaxPages, 1, 10_000_000);
            if (platform.CircuitBreakDuration < PlatformPipelines.MinimumBreakDuration || platform.CircuitBreakDuration > PlatformPipelines.MaximumBreakDuration)
            {
                problems.Add(new(Key("CircuitBreakDuration"),
                    $"{platform.CircuitBreakDuration} is out of range (00:00:00.5 to 01:00:00; default 00:00:30)"));
            }

            if (platform.MaxImageBytes < 1024)
            {
                problems.Add(new(Key("MaxImageBytes"), $"{platform.MaxImageBytes} is too small; use at least 1024 (default 67108864)"));
            }

            if (platform.MaxResponseBytes < 65536)
            {
                problems.Add(new(Key("MaxResponseBytes"), $"{platform.MaxResponseBytes} is too small; use at least 65536 (default 134217728)"));
            }
        }

        return problems;
    }
}
