using System.Net;
using System.Text.Json.Nodes;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The calls on tasks and on LabelBridge's own predictions that writing markers and reading decisions share.</summary>
internal sealed class TaskPredictions(LabelStudioClient client)
{
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
