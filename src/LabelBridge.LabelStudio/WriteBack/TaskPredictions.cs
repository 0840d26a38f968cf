using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The calls on tasks and on LabelBridge's own predictions that writing markers and reading decisions share.</summary>
internal sealed class TaskPredictions(LabelStudioClient client)
{
    /// <summary>LabelBridge's predictions as read back for a sweep's snapshot, handed to that sweep's write-back so the
    /// project's predictions are listed once per sweep (the list is the largest read of a sweep after the tasks).</summary>
    /// <remarks>Taken once: a later write with the same snapshot (a reviewer's relabel on the triage page) lists again. A
    /// prediction a reviewer deleted in between is created again (<see cref="MarkerWriter"/>).</remarks>
    private readonly ConditionalWeakTable<ProjectSnapshot, List<LsPrediction>> readForSweep = [];

    /// <summary>Lists LabelBridge's predictions for reading decisions and keeps the list for the same snapshot's write-back.</summary>
    public async Task<List<LsPrediction>> ReadForDecisionsAsync(ProjectSnapshot snapshot, long projectId, CancellationToken cancellationToken)
    {
        var ours = await OurPredictionsAsync(projectId, cancellationToken);
        readForSweep.AddOrUpdate(snapshot, ours);
        return ours;
    }

    /// <summary>The list kept by <see cref="ReadForDecisionsAsync"/> for this snapshot (taken once), else a fresh one.</summary>
    public async Task<List<LsPrediction>> ForWriteBackAsync(ProjectSnapshot snapshot, long projectId, CancellationToken cancellationToken) =>
        readForSweep.TryGetValue(snapshot, out var read) && readForSweep.Remove(snapshot)
            ? read
            : await OurPredictionsAsync(projectId, cancellationToken);

    public async Task<List<LsPrediction>> OurPredictionsAsync(long projectId, CancellationToken cancellationToken)
    {
        var all = await client.RequireAsync("api/predictions/", (api, ct) => api.ListPredictionsAsync(projectId, ct), cancellationToken);
        return all.Where(p => p.ModelVersion == PredictionRegions.ModelVersion).ToList();
    }

    public async Task<LsTask?> GetTaskAsync(long taskId, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync("api/tasks/{id}/", (api, ct) => api.GetTaskAsync(taskId, ct), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return response.IsSuccessStatusCode && response.Content is { } task
            ? task
            : throw client.Unavailable($"api/tasks/{taskId}/ answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
    }

    public async Task PatchMetaAsync(LsTask task, JsonObject? merged, CancellationToken cancellationToken)
    {
        if (merged is null)
        {
            return;
        }

        var patch = new LsTaskMetaPatch(merged);
        await client.RequireAsync("api/tasks/{id}/", (api, ct) => api.PatchTaskMetaAsync(task.Id, patch, ct), cancellationToken);
    }

    public async Task DeletePredictionAsync(long predictionId, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync("api/predictions/{id}/", (api, ct) => api.DeletePredictionAsync(predictionId, ct), cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw client.Unavailable($"deleting prediction {predictionId} answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
        }
    }
}
