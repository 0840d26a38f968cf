using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>The calls on tasks and on LabelBridge's own predictions that writing markers and reading decisions share.</summary>
internal sealed class TaskPredictions(LabelStudioClient client, ILogger logger)
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

    /// <summary>Most predictions in one bulk import. Label Studio validates an import in batches of 500 before creating each
    /// batch (data_import/api.py ImportPredictionsAPI, PREDICTION_IMPORT_BATCH_SIZE), so an import of up to 500 lands whole
    /// or not at all; 100 keeps each body small and lets imports run side by side under MaxConcurrentRequests.</summary>
    public const int PredictionsPerImport = 100;

    /// <summary>Creates <paramref name="writes"/> (at most one per task, on tasks that have no LabelBridge prediction beyond
    /// <paramref name="known"/>) with <c>POST api/projects/{id}/import/predictions</c>, <see cref="PredictionsPerImport"/> per
    /// request and up to <paramref name="slots"/> in flight, then reads their ids back with one prediction list (the import
    /// answers only <c>{"created": n}</c>).</summary>
    /// <returns>The new prediction of each task that got one, and the tasks of imports Label Studio refused (a 4xx other
    /// than authentication: e.g. one task deleted since it was read fails its whole import).</returns>
    /// <remarks>An import is never repeated blindly: one whose answer was lost (a dropped connection, a timeout, a 5xx) may
    /// have landed, and sending it again would give each task a second prediction. So after a failure the project's
    /// predictions are listed again and only the tasks still without a new one are sent, up to the transport's number of
    /// attempts, with its backoff in between; then the failure stands (the sweep pauses, and its next run lists what
    /// landed and updates it in place). An answer counting fewer created than sent is handled the same way (without the
    /// backoff); what still has no prediction after the last attempt is created one task at a time by the caller. A 429
    /// landed nothing: the import is sent again after the server's Retry-After. Refused credentials fail at once, and so
    /// does an access-token renewal that fails before an import (nothing was sent; the renewal had its own retries).</remarks>
    public async Task<(Dictionary<long, LsPrediction> Created, HashSet<long> Refused)> ImportAsync(
        long projectId, IReadOnlyList<LsPredictionWrite> writes, IReadOnlySet<long> known, int slots, CancellationToken cancellationToken)
    {
        var chunks = writes.Chunk(PredictionsPerImport).ToList();
        var refused = await Platforms.Concurrency.OrderedWork.RunAsync(chunks, slots, (chunk, token) => ImportChunkAsync(projectId, chunk, known, token), cancellationToken);
        var created = NewPredictions(await OurPredictionsAsync(projectId, cancellationToken), known, writes);
        return (created, [.. refused.SelectMany(r => r)]);
    }

    private async Task<List<long>> ImportChunkAsync(long projectId, LsPredictionWrite[] chunk, IReadOnlySet<long> known, CancellationToken cancellationToken)
    {
        const string Operation = "api/projects/{id}/import/predictions";
        var pending = chunk;
        var answeredShort = false;
        for (var attempt = 1; ; attempt++)
        {
            // Outside the try: a renewal that fails sent nothing, so it is an outage (after the renewal's own retries) or
            // refused credentials, not a lost answer to list and send again.
            await client.PrepareCredentialsAsync(cancellationToken);
            TimeSpan wait;
            try
            {
                using var response = await client.SendOnceAsync(Operation, (api, ct) => api.ImportPredictionsAsync(projectId, pending, ct), cancellationToken);
                if (response.IsSuccessStatusCode && response.Content?.Created == pending.Length)
                {
                    return [];
                }

                if (response.IsSuccessStatusCode)
                {
                    // Fewer created than sent (or no count): Label Studio skips predictions that fail validation when its
                    // prediction-validation flag is off (data_import/api.py ImportPredictionsAPI, _create_legacy logs them
                    // and creates the rest). Which ones landed is unknown, so the missing ones are sent once more; a second short
                    // answer means the server refuses them, and listing the project's predictions again for each resend
                    // would not change that: the caller's last listing finds them missing and creates them one by one, where
                    // each refusal names its task.
                    Log.ImportAnsweredShort(logger, client.Platform, response.Content?.Created, pending.Length);
                    if (answeredShort || attempt >= client.Attempts)
                    {
                        return [];
                    }

                    answeredShort = true;
                    wait = TimeSpan.Zero;
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Throttled before the view ran, so nothing landed; the wait is the server's.
                    if (attempt >= client.Attempts)
                    {
                        throw client.Unavailable($"{Operation} answered 429 {response.ReasonPhrase} after {attempt} attempts: Label Studio is throttling LabelBridge; the sweep can be retried later.");
                    }

                    wait = client.RetryAfterOf(response, attempt);
                    response.Dispose();
                    await Task.Delay(wait, client.TimeProvider, cancellationToken);
                    continue;
                }
                else if (response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
                {
                    return [.. pending.Select(w => w.Task)];
                }
                else
                {
                    throw client.Unavailable($"{Operation} answered {LabelStudioClient.StatusOf(response)} {response.ReasonPhrase}{LabelStudioClient.DetailOf(response)}.");
                }
            }
            catch (Core.Platforms.PlatformUnavailableException e) when (!e.CredentialsRefused && attempt < client.Attempts && !cancellationToken.IsCancellationRequested)
            {
                // The answer was lost (a dropped connection, a timeout, a 5xx): the import may have landed.
                wait = client.RetryDelay(attempt);
            }

            await Task.Delay(wait, client.TimeProvider, cancellationToken);
            var landed = NewPredictions(await OurPredictionsAsync(projectId, cancellationToken), known, pending);
            pending = [.. pending.Where(w => !landed.ContainsKey(w.Task))];
            if (pending.Length == 0)
            {
                return [];
            }
        }
    }

    /// <summary>The LabelBridge prediction each task of <paramref name="writes"/> got since <paramref name="known"/> was
    /// listed (the oldest, should there be two).</summary>
    private static Dictionary<long, LsPrediction> NewPredictions(List<LsPrediction> ours, IReadOnlySet<long> known, IEnumerable<LsPredictionWrite> writes)
    {
        var tasks = writes.Select(w => w.Task).ToHashSet();
        var created = new Dictionary<long, LsPrediction>();
        foreach (var prediction in ours.Where(p => tasks.Contains(p.Task) && !known.Contains(p.Id)).OrderBy(p => p.Id))
        {
            created.TryAdd(prediction.Task, prediction);
        }

        return created;
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
