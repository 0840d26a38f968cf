using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Projects;

/// <summary>The one place that finds a configured project, its platform and a connector for it, so the CLI, the web API,
/// webhooks and the jobs all read names the same way.</summary>
/// <remarks>Names compare case-insensitively; remote project ids compare after trimming on both sides (a config value
/// with a stray space still matches the id a platform sends).</remarks>
public sealed class ProjectCatalog(
    IOptions<ProjectsOptions> projects, IOptions<PlatformsOptions> platforms, IEnumerable<IPlatformConnectorFactory> connectorFactories)
{
    public IReadOnlyList<ProjectOptions> Projects => projects.Value.Items.AsReadOnly();

    public bool Contains(string projectName) => FindProject(projectName) is not null;

    public ProjectOptions? FindProject(string projectName) => projects.Value.Find(projectName);

    public PlatformOptions? FindPlatform(string platformName) => platforms.Value.Find(platformName);

    /// <summary>The project and its platform, or null with the reason when either is not configured (a project taken out
    /// of the configuration while its sweeps are still in the store).</summary>
    public ConfiguredProject? Find(string projectName, out string? missing)
    {
        var project = FindProject(projectName);
        var platform = project is null ? null : FindPlatform(project.Platform);
        missing = project is null ? $"project '{projectName}' is no longer configured."
            : platform is null ? $"platform '{project.Platform}' is not configured." : null;
        return project is null || platform is null ? null : new ConfiguredProject(project, platform);
    }

    /// <summary>The project and its platform, both checked at start-up, so a missing one is a broken invariant.</summary>
    public ConfiguredProject Get(string projectName) =>
        Find(projectName, out var missing) ?? throw new InvalidOperationException($"Cannot use project '{projectName}': {missing}");

    /// <summary>The configured projects a platform's own project id refers to (a webhook names the remote id only).</summary>
    public IReadOnlyList<ProjectOptions> OnPlatform(string platformName, string remoteProjectId)
    {
        var remote = remoteProjectId.Trim();
        return projects.Value.Items
            .Where(p => string.Equals(p.Platform, platformName, StringComparison.OrdinalIgnoreCase) && p.RemoteProjectId.Trim() == remote)
            .ToList();
    }

    public IPlatformConnector CreateConnector(PlatformOptions platform)
    {
        var factory = connectorFactories.FirstOrDefault(f => f.Kind == platform.Kind)
            ?? throw new InvalidOperationException($"No connector for {platform.Kind} is registered.");
        return factory.Create(platform);
    }

    public IPlatformConnector CreateConnector(ConfiguredProject project) => CreateConnector(project.Platform);
}
