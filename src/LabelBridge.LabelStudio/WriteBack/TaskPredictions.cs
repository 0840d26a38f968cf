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

    /// <summary>Most task ids in one read of <see cref="GetTasksAsync"/>. The ids travel in the query string: at 100 ids of
    /// up to 10 digits the URL stays near 1.5 KB, far below the 8 KB request line nginx (large_client_header_buffers, the
    /// Docker image's proxy, deploy/default.conf) and Kestrel accept, and a page of 100 tasks with their annotations is the
    /// size of Label Studio's own default page (data_manager/api.py TaskPagination).</summary>
    public const int TasksPerRead = 100;

    /// <summary>The tasks <paramref name="taskIds"/> of the project, read <see cref="TasksPerRead"/> at a time through the
    /// data manager's task list (<c>query={"selectedItems": {"all": false, "included": [...]}}</c>, with annotations), up
    /// to <paramref name="slots"/> reads in flight. A task missing from the answer no longer exists.</summary>
    /// <remarks>label_studio/data_manager/managers.py TaskQuerySet.prepared applies <c>included</c> only when it is non-empty
    /// (an empty list selects every task), so no read is made without ids.</remarks>
    public async Task<Dictionary<long, LsTask>> GetTasksAsync(long projectId, IReadOnlyCollection<long> taskIds, int slots, CancellationToken cancellationToken)
    {
        var chunks = taskIds.Distinct().Order().Chunk(TasksPerRead).ToList();
        var pages = await Platforms.Concurrency.OrderedWork.RunAsync(
            chunks,
            slots,
            async (ids, token) =>
            {
                var query = new JsonObject
                {
                    ["selectedItems"] = new JsonObject { ["all"] = false, ["included"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) },
                }.ToJsonString();
                var page = await client.RequireAsync(
                    "api/tasks/", (api, ct) => api.ListSelectedTasksAsync(projectId, 1, ids.Length, "all", query, ct), token);
                return page.Tasks ?? [];
            },
            cancellationToken);
        var wanted = taskIds.ToHashSet();
        var tasks = new Dictionary<long, LsTask>();
        foreach (var task in pages.SelectMany(p => p))
        {
            if (wanted.Contains(task.Id))
            {
                tasks.TryAdd(task.Id, task);
            }
        }

        return tasks;
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
