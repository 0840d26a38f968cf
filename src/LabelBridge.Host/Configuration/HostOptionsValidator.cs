using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>The sections the host itself uses: the web host (<c>Web</c>), the cluster (<c>Scale</c>) and each
/// project's schedule. Every other section is checked by the part that owns it.</summary>
internal sealed class HostOptionsValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        ValidateSchedules(options.Projects, problems);
        ValidateWeb(options.Web, problems);
        ValidateScale(options.Scale, problems);
        return problems;
    }

    private static void ValidateSchedules(IList<ProjectOptions> projects, List<ConfigProblem> problems)
    {
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            if (!string.IsNullOrWhiteSpace(project.Schedule) && CronSchedule.Explain(project.Schedule) is { } cronProblem)
            {
                problems.Add(new(ConfigRules.Index("Projects", i, "Schedule"), $"'{project.Schedule}': {cronProblem}"));
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(project.TimeZone, out _))
            {
                problems.Add(new(ConfigRules.Index("Projects", i, "TimeZone"), $"'{project.TimeZone}' is not a known time zone; use an IANA name like \"Europe/Berlin\" or \"UTC\""));
            }
        }
    }

    private static void ValidateWeb(WebOptions web, List<ConfigProblem> problems)
    {
        foreach (var url in web.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var listen)
                || listen.Scheme is not ("http" or "https"))
            {
                problems.Add(new("Web.Urls", $"'{url}' is not a listen address like http://127.0.0.1:5080"));
            }
        }

        if (web.PublicUrl is { } publicUrl && (!publicUrl.IsAbsoluteUri || publicUrl.Scheme is not ("http" or "https")))
        {
            problems.Add(new("Web.PublicUrl", $"'{publicUrl}' must start with http:// or https://"));
        }

        if (web.MaxWebhookBytes < 1024)
        {
            problems.Add(new("Web.MaxWebhookBytes", $"{web.MaxWebhookBytes} is too small; default 1048576"));
        }

        if (web.WebhookDebounce < TimeSpan.Zero)
        {
            problems.Add(new("Web.WebhookDebounce", "must not be negative; default 00:02:00"));
        }

        if (web.SessionLifetime < TimeSpan.FromMinutes(1) || web.SessionLifetime > TimeSpan.FromDays(30))
        {
            problems.Add(new("Web.SessionLifetime", $"{web.SessionLifetime} must be between 00:01:00 and 30.00:00:00; default 12:00:00"));
        }
    }

    private static void ValidateScale(ScaleOptions scale, List<ConfigProblem> problems)
    {
        problems.RequireRange("Scale.ShardSize", scale.ShardSize, 0, 10_000_000);
        problems.RequireRange("Scale.ShardsPerWorker", scale.ShardsPerWorker, 1, 64);
        if (scale.InstanceId is { } instance && !ConfigRules.IsSimpleName(instance))
        {
            problems.Add(new("Scale.InstanceId", $"'{instance}' may contain only letters, digits, '-' and '_'; leave it out to use host name and process id"));
        }

        problems.RequirePositive("Scale.CheckinInterval", scale.CheckinInterval);
        problems.RequirePositive("Scale.FailoverAfter", scale.FailoverAfter);
        if (scale.PollInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add(new("Scale.PollInterval", $"{scale.PollInterval} is too short; Quartz polls at most once a second (default 00:00:05)"));
        }
    }
}
