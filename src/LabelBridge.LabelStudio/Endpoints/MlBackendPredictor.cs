using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Reading;
using LabelBridge.LabelStudio.WriteBack;

namespace LabelBridge.LabelStudio.Endpoints;

/// <summary>Answers the ML backend's <c>/predict</c>: the findings of the project's latest finished sweep, as one
/// prediction per task in the order asked.</summary>
internal sealed class MlBackendPredictor(ProjectCatalog catalog, ILabelBridgeStore store, LabelStudioConnectorFactory connectors)
{
    private const int SweepsToSearch = 20;

    public async Task<JsonObject> PredictAsync(PlatformOptions platform, JsonElement body, CancellationToken cancellationToken)
    {
        var tasks = body.TryGetProperty("tasks", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => t.Deserialize<LsTask>(LabelStudioJson.Options)).ToList()
            : [];
        var projectId = WebhookEvent.ProjectIdOf(body) ?? tasks.FirstOrDefault(t => t?.Project is not null)?.Project;
        var findings = await LatestFindingsAsync(platform, projectId, cancellationToken);
        var results = new JsonArray();
        foreach (var task in tasks)
        {
            results.Add(await PredictionForAsync(platform, task, findings, cancellationToken));
        }

        return new JsonObject { ["results"] = results, ["model_version"] = PredictionRegions.ModelVersion };
    }

    private async Task<JsonObject> PredictionForAsync(
        PlatformOptions platform, LsTask? task, ILookup<string, StoredFinding> findings, CancellationToken cancellationToken)
    {
        var regions = new JsonArray();
        var score = 0.0;
        var flagged = task is null ? [] : findings[TaskReader.ItemKey(task.Id)].ToList();
        if (task is not null && flagged.Count > 0)
        {
            var current = TaskReader.CurrentAnnotation(task.Annotations ?? await FetchAnnotationsAsync(platform, task.Id, cancellationToken));
            foreach (var stored in flagged)
            {
                if (PredictionRegions.For(stored.Finding, current) is { } region)
                {
                    regions.Add(region);
                    score = Math.Max(score, Math.Round(stored.Finding.Score, 4));
                }
            }
        }

        return new JsonObject
        {
            ["result"] = regions,
            ["score"] = score,
            ["model_version"] = PredictionRegions.ModelVersion,
        };
    }

    /// <summary>The task's annotations from the server when the request left them out; none when the server cannot be asked.</summary>
    private async Task<List<LsAnnotation>?> FetchAnnotationsAsync(PlatformOptions platform, long taskId, CancellationToken cancellationToken)
    {
        try
        {
            return (await connectors.CreateConnector(platform).FindTaskAsync(taskId, cancellationToken))?.Annotations;
        }
        catch (LabelBridge.Core.Platforms.PlatformUnavailableException)
        {
            return null;
        }
    }

    private async Task<ILookup<string, StoredFinding>> LatestFindingsAsync(PlatformOptions platform, long? projectId, CancellationToken cancellationToken)
    {
        var project = projectId is { } remoteId && catalog.OnPlatform(platform.Name, remoteId.ToString(CultureInfo.InvariantCulture)) is [var first, ..] ? first : null;
        if (project is null)
        {
            return Array.Empty<StoredFinding>().ToLookup(f => f.ItemKey);
        }

        var sweeps = await store.ListSweepsAsync(project.Name, SweepsToSearch, cancellationToken);
        var latest = sweeps.FirstOrDefault(s => s.Status == SweepStatus.Succeeded);
        var findings = latest is null ? [] : await store.GetFindingsAsync(latest.Id, cancellationToken);
        return findings.ToLookup(f => f.ItemKey, StringComparer.Ordinal);
    }
}
