using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Configuration;

/// <summary>Each project's schedule (a Quartz cron expression and a time zone), which the host's scheduler runs. The host's
/// own sections are checked by <see cref="WebOptionsValidator"/>, <see cref="WebAddressesValidator"/> and
/// <see cref="ScaleOptionsValidator"/>; every other section by the part that owns it.</summary>
/// <remarks>Keys are relative to the <c>Projects</c> section (<c>[0].Schedule</c>), which the section's registration
/// prefixes.</remarks>
internal sealed class ScheduleValidator : IValidateOptions<ProjectsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectsOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(ProjectsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        ValidateSchedules(options.Items, problems);
        return problems;
    }

    private static void ValidateSchedules(IList<ProjectOptions> projects, List<ConfigProblem> problems)
    {
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            if (!string.IsNullOrWhiteSpace(project.Schedule) && CronSchedule.Explain(project.Schedule) is { } cronProblem)
            {
                problems.Add(new(ConfigRules.Item(i, "Schedule"), $"'{project.Schedule}': {cronProblem}"));
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(project.TimeZone, out _))
            {
                problems.Add(new(ConfigRules.Item(i, "TimeZone"), $"'{project.TimeZone}' is not a known time zone; use an IANA name like \"Europe/Berlin\" or \"UTC\""));
            }
        }
    }
}
