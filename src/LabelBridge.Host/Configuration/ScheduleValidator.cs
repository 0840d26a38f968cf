using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>Each project's schedule (a Quartz cron expression and a time zone), which the host's scheduler runs. The host's
/// own sections are checked by <see cref="WebOptionsValidator"/>, <see cref="WebAddressesValidator"/> and
/// <see cref="ScaleOptionsValidator"/>; every other section by the part that owns it.</summary>
internal sealed class ScheduleValidator : IValidateOptions<LabelBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBridgeOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(LabelBridgeOptions options)
    {
        var problems = new List<ConfigProblem>();
        ValidateSchedules(options.Projects, problems);
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
}
