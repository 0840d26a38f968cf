using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Sweeps;

/// <summary>Runs a sweep of a configured project: finds its platform, makes the connector, runs the use case.</summary>
internal sealed class ProjectSweeps(
    IOptions<LabelBridgeOptions> options,
    IEnumerable<IPlatformConnectorFactory> connectorFactories,
    ILabelBridgeStore store,
    DefaultModelProvisioning models,
    SweepRunner runner)
{
    public async Task<SweepOutcome> RunAsync(
        string projectName,
        string trigger,
        WriteBackMode? writeBack,
        IProgress<SweepProgress>? progress,
        CancellationToken cancellationToken)
    {
        var configuration = options.Value;
        var (project, platform) = Configured(projectName);
        var connector = CreateConnector(platform);
        await store.InitializeAsync(cancellationToken);
        await models.EnsureAsync(project.Embedder ?? configuration.Embedding.Embedder, cancellationToken);
        var request = new SweepRequest(project, connector, trigger, writeBack, TriageLink(configuration.Web, project), PlatformLinks.For(platform, project.RemoteProjectId));
        return await runner.RunAsync(request, progress, cancellationToken);
    }

    /// <summary>The configured project and its platform (both checked at start-up, so a missing one is a broken invariant).</summary>
    public (ProjectOptions Project, PlatformOptions Platform) Configured(string projectName)
    {
        var configuration = options.Value;
        var project = configuration.FindProject(projectName)
            ?? throw new InvalidOperationException($"Project '{projectName}' is not configured.");
        var platform = configuration.FindPlatform(project.Platform)
            ?? throw new InvalidOperationException($"Project '{projectName}' refers to platform '{project.Platform}', which is not configured.");
        return (project, platform);
    }

    public IPlatformConnector CreateConnector(PlatformOptions platform)
    {
        var factory = connectorFactories.FirstOrDefault(f => f.Kind == platform.Kind)
            ?? throw new InvalidOperationException($"No connector for {platform.Kind} is registered.");
        return factory.Create(platform);
    }

    internal static Func<Finding, Uri?>? TriageLink(WebOptions web, ProjectOptions project)
    {
        if (web.PublicUrl is not { } publicUrl)
        {
            return null;
        }

        var root = publicUrl.ToString().TrimEnd('/');
        return finding => new Uri($"{root}/triage/?project={Uri.EscapeDataString(project.Name)}&finding={Uri.EscapeDataString(finding.Key)}");
    }
}
