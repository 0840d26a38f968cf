using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Projects;

/// <summary>What the sweep use case needs of each project: a unique name, a platform name, and sweep limits. That the
/// platform is configured is <see cref="ProjectPlatformValidator"/>'s rule; the form of RemoteProjectId belongs to the
/// connectors, schedules to the host.</summary>
/// <remarks>Keys are relative to the section (<c>[0].Name</c>), which the section's registration prefixes.</remarks>
internal sealed class ProjectOptionsValidator : IValidateOptions<ProjectsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectsOptions options) => ConfigRules.ToResult(Problems(options));

    private static List<ConfigProblem> Problems(ProjectsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Items.Count; i++)
        {
            var project = options.Items[i];
            string Key(string property) => ConfigRules.Item(i, property);

            if (string.IsNullOrWhiteSpace(project.Name))
            {
                problems.Add(new(Key("Name"), "is required: a short name for the CLI and reports, e.g. \"retail-shelves\""));
            }
            else if (!ConfigRules.IsSimpleName(project.Name))
            {
                problems.Add(new(Key("Name"), $"'{project.Name}' may contain only letters, digits, '-' and '_'"));
            }
            else if (!seen.Add(project.Name))
            {
                problems.Add(new(Key("Name"), $"'{project.Name}' is used by another project; names must be unique"));
            }

            if (string.IsNullOrWhiteSpace(project.Platform))
            {
                problems.Add(new(Key("Platform"), "is required: the Name of one of the Platforms"));
            }

            if (project.AllowReviewerRelabel && project.WriteBack == Platforms.WriteBackMode.DryRun)
            {
                problems.Add(new(Key("AllowReviewerRelabel"),
                    "is true but WriteBack is dry-run, which writes nothing to the platform: set WriteBack to markers, or AllowReviewerRelabel to false"));
            }

            problems.RequireRange(Key("MaxFindingsPerSweep"), project.MaxFindingsPerSweep, 1, 100_000);
            if (project.MaxFindingsPerJob is { } perJob)
            {
                problems.RequireRange(Key("MaxFindingsPerJob"), perJob, 1, 100_000);
            }

            if (project.MaxFindingsPerAnnotator is { } perAnnotator)
            {
                problems.RequireRange(Key("MaxFindingsPerAnnotator"), perAnnotator, 1, 100_000);
            }

            problems.RequirePositive(Key("SweepDeadline"), project.SweepDeadline);
            if (project.ShardSize is { } shardSize)
            {
                problems.RequireRange(Key("ShardSize"), shardSize, 0, 10_000_000);
            }
        }

        return problems;
    }
}
