using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using Microsoft.Extensions.Options;

namespace LabelBridge.Core.Sweeps;

/// <summary>Runs a sweep of a configured project by name: finds its platform, makes the connector, makes sure the model
/// is there, and hands the request to <see cref="SweepRunner"/>. Every trigger (CLI, job, demo) comes through here.</summary>
public sealed class ProjectSweeps(
    IOptions<EmbeddingOptions> embedding,
    IOptions<WebOptions> web,
    ProjectCatalog catalog,
    ILabelBridgeStore store,
    IModelProvisioning models,
    SweepRunner runner)
{
    public async Task<SweepOutcome> RunAsync(
        string projectName,
        string trigger,
        WriteBackMode? writeBack,
        IProgress<SweepProgress>? progress,
        CancellationToken cancellationToken)
    {
        var configured = catalog.Get(projectName);
        var project = configured.Project;
        var connector = catalog.CreateConnector(configured);
        await store.InitializeAsync(cancellationToken);
        await models.EnsureAsync(project.Embedder ?? embedding.Value.Embedder, cancellationToken);
        var request = new SweepRequest(project, connector, trigger, writeBack, TriageLink(web.Value, project),
            PlatformLinks.For(configured.Platform, project.RemoteProjectId));
        return await runner.RunAsync(request, progress, cancellationToken);
    }

    /// <summary>The link to a finding on the triage page, when the worker knows its public URL.</summary>
    public static Func<Finding, Uri?>? TriageLink(WebOptions web, ProjectOptions project)
    {
        ArgumentNullException.ThrowIfNull(web);
        ArgumentNullException.ThrowIfNull(project);
        if (web.PublicUrl is not { } publicUrl)
        {
            return null;
        }

        var root = publicUrl.ToString().TrimEnd('/');
        return finding => new Uri($"{root}/triage/?project={Uri.EscapeDataString(project.Name)}&finding={Uri.EscapeDataString(finding.Key)}");
    }
}
