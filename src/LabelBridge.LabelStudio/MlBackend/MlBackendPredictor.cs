using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Projects;
using LabelBridge.Core.Storage;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Reading;
using LabelBridge.LabelStudio.Webhooks;
using LabelBridge.LabelStudio.WriteBack;

namespace LabelBridge.LabelStudio.MlBackend;

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
            results.Add(await PredictionsForAsync(platform, task, findings, cancellationToken));
        }

        return new JsonObject { ["results"] = results, ["model_version"] = PredictionRegions.ModelVersion };
    }

    /// <summary>The task's predictions as a list: one prediction when something on it is flagged, none otherwise.</summary>
    /// <remarks>label-studio-ml-backend's ModelResponse (label_studio_ml/response.py) allows a list of predictions per task;
    /// an empty list stores nothing, while <c>{"result": []}</c> would be stored as an empty prediction that the next
    /// sweep reads as a deleted marker.</remarks>
    private async Task<JsonArray> PredictionsForAsync(
        PlatformOptions platform, LsTask? task, ILookup<string, StoredFinding> findings, CancellationToken cancellationToken)
    {
        var prediction = await PredictionForAsync(platform, task, findings, cancellationToken);
        return prediction["result"]!.AsArray().Count == 0 ? [] : [prediction];
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
        catch (PlatformUnavailableException)
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

        // A finding a reviewer dismissed after the sweep stays dismissed while its annotation is unchanged, as in the
        // next sweep: opening the task must not bring it back.
        var dismissed = (await store.GetDecisionsAsync(project.Name, cancellationToken))
            .Where(d => d.Verdict == DecisionVerdict.Dismissed)
            .Select(d => (d.FindingKey, d.AnnotationVersion))
            .ToHashSet();
        return findings
            .Where(f => !dismissed.Contains((f.Finding.Key, f.AnnotationVersion)))
            .ToLookup(f => f.ItemKey, StringComparer.Ordinal);
    }
}
