namespace LabelBridge.Core.Configuration;

/// <summary>The <c>Projects</c> section: the platform projects LabelBridge watches, in the file's order.</summary>
/// <remarks>A list in the file, so the section wraps the bound list itself (not a copy). Validators key their failures by
/// index (<c>[2].Schedule</c>), which the section's registration writes as <c>Projects[2].Schedule</c>. Rules that
/// relate a project to its platform (it exists; the id has that platform's form) read both sections, so they validate the
/// whole configuration (<c>AddConfigurationValidator</c>).</remarks>
public sealed class ProjectsOptions(IList<ProjectOptions> items) : IOptionsSection<ProjectsOptions>
{
    public static string SectionName => "Projects";

    public static ProjectsOptions Of(LabelBridgeOptions configuration) =>
        new(configuration?.Projects ?? throw new ArgumentNullException(nameof(configuration)));

    /// <summary>The projects as bound, in the file's order (failures name entries by this index).</summary>
    public IList<ProjectOptions> Items { get; } = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>The project of that name (case-insensitive), or null when none is configured.</summary>
    public ProjectOptions? Find(string name) =>
        Items.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
