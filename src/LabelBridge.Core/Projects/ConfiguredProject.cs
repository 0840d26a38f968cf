using LabelBridge.Core.Configuration;

namespace LabelBridge.Core.Projects;

/// <summary>A configured project together with the platform it lives on.</summary>
public sealed record ConfiguredProject(ProjectOptions Project, PlatformOptions Platform)
{
    public string Name => Project.Name;
}
