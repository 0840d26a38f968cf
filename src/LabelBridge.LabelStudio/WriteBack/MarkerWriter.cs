using System.Net;
using System.Text.Json.Nodes;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.LabelStudio.Reading;
using LabelBridge.Platforms.Concurrency;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>Writes findings into Label Studio idempotently: one <c>labelbridge-qa</c> prediction per flagged task (updated in
/// place on re-runs), the task meta entry, and the "needs review" tab. Findings no longer flagged leave the prediction and are
/// listed as withdrawn in the meta entry, so reading decisions back never mistakes LabelBridge's own clean-up for a dismissal.</summary>
internal sealed class MarkerWriter(LabelStudioClient client, TaskPredictions records, TimeProvider timeProvider, ILogger logger)
{
    public async Task<WriteBackResult> WriteAsync(WriteBackRequest request, CancellationToken cancellationToken)
    {
        var projectId = ProjectReader.ParseProjectId(client, request.Snapshot.RemoteProjectId);
        var problems = new List<ReadProblem>();
        var markers = new List<MarkerReference>();
        var byTask = request.Findings
            .GroupBy(f => TaskReader.TaskIdOf(f.AnnotationKey))
            .Where(g => g.Key is not null)
            .ToDictionary(g => g.Key!.Value, g => g.ToList());
        var existing = (await records.ForWriteBackAsync(request.Snapshot, projectId, cancellationToken)).GroupBy(p => p.Task).ToDictionary(g => g.Key, g => g.ToList());
        var now = timeProvider.GetUtcNow();
        // Tasks are independent of each other (one prediction and one meta entry each), so they are written with up to
        // MaxConcurrentRequests in flight; outcomes are taken in task order, so the report does not depend on which answer
        // came first. A run killed in the middle leaves some tasks written: the next run lists them and updates them in place.
        var slots = client.MaxConcurrentRequests;
        var flaggedTasks = byTask.ToList();
        var staleTasks = existing.Where(e => !byTask.ContainsKey(e.Key)).ToList();
        // Every task written below is read first (its current annotation, its meta): in pages of ids, not one request each.
        var toRead = request.Additive ? byTask.Keys.ToList() : [.. byTask.Keys, .. staleTasks.Select(e => e.Key)];
        var tasks = toRead.Count == 0 ? [] : await records.GetTasksAsync(projectId, toRead, slots, cancellationToken);
        // Each task is planned first (an existing prediction is updated in place then); the predictions the tasks do not
        // have yet are created together in bulk imports, and each task then gets its meta patch: one request per new task.
        var planned = await OrderedWork.RunAsync(
            flaggedTasks,
            slots,
            async (entry, token) =>
            {
                var taskProblems = new List<ReadProblem>();
                var plan = await PlanTaskAsync(
                    entry.Key, tasks.GetValueOrDefault(entry.Key), entry.Value, existing.GetValueOrDefault(entry.Key) ?? [], request.Additive, taskProblems, token);
                return (Plan: plan, Problems: taskProblems);
            },
            cancellationToken);
        await CreateInBulkAsync(projectId, [.. planned.Select(p => p.Plan).OfType<TaskWrite>().Where(p => p.Create)], existing, slots, cancellationToken);
        var written = await OrderedWork.RunAsync(
            planned,
            slots,
            async (entry, token) => entry.Plan is null ? (Markers: new List<MarkerReference>(), Shown: false) : await FinishTaskAsync(entry.Plan, now, entry.Problems, token),
            cancellationToken);
        var flagged = new List<long>();
        for (var i = 0; i < flaggedTasks.Count; i++)
        {
            markers.AddRange(written[i].Markers);
            problems.AddRange(planned[i].Problems);
            if (written[i].Shown)
            {
                flagged.Add(flaggedTasks[i].Key);
            }
        }

        var cleared = await OrderedWork.RunAsync(
            staleTasks, slots, (entry, token) => ClearStaleAsync(entry.Key, tasks.GetValueOrDefault(entry.Key), entry.Value, request.Additive, now, token), cancellationToken);
        var removed = 0;
        for (var i = 0; i < staleTasks.Count; i++)
        {
            problems.AddRange(cleared[i].Problems);
            removed += cleared[i].Removed;
            if (cleared[i].Shown)
            {
                flagged.Add(staleTasks[i].Key);
            }
        }

        await UpsertViewAsync(projectId, flagged, cancellationToken);
        Log.WroteBack(logger, client.Platform, request.Snapshot.RemoteProjectId, flagged.Count, removed);
        return new WriteBackResult(markers, flagged.Count, problems);
    }

    /// <summary>A task LabelBridge flagged before and does not flag now: its prediction stays in additive mode, keeps only
    /// the reviewer flags when it has any, and is otherwise deleted and its findings listed as withdrawn in the meta entry.</summary>
    private async Task<(bool Shown, int Removed, List<ReadProblem> Problems)> ClearStaleAsync(
        long taskId, LsTask? task, List<LsPrediction> stale, bool additive, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var problems = new List<ReadProblem>();
        if (additive)
        {
            return (true, 0, problems);
        }

        if (stale.SelectMany(PredictionRegions.FindingKeysOf).Any(PredictionRegions.IsReviewerFlag))
        {
            var kept = await WriteTaskAsync(taskId, task, [], stale, additive: false, now, problems, cancellationToken);
            return (kept.Shown, 0, problems);
        }

        foreach (var prediction in stale)
        {
            await records.DeletePredictionAsync(prediction.Id, cancellationToken);
        }

        if (task is not null)
        {
            var withdrawn = TaskMeta.Withdrawn(task.Meta).Union(stale.SelectMany(PredictionRegions.FindingKeysOf));
            await records.PatchMetaAsync(task, TaskMeta.Merge(task.Meta, TaskMeta.Entry([], withdrawn, now)), cancellationToken);
        }

        return (false, stale.Count, problems);
    }

    /// <summary>Writes the task's one LabelBridge prediction (see <see cref="PlanTaskAsync"/>), creating it on its own when
    /// it is new, then its meta entry.</summary>
    private async Task<(List<MarkerReference> Markers, bool Shown)> WriteTaskAsync(
        long taskId, LsTask? task, List<Finding> findings, List<LsPrediction> previous, bool additive, DateTimeOffset now,
        List<ReadProblem> problems, CancellationToken cancellationToken)
    {
        var plan = await PlanTaskAsync(taskId, task, findings, previous, additive, problems, cancellationToken);
        if (plan is null)
        {
            return ([], false);
        }

        if (plan.Create)
        {
            await CreateOneAsync(plan, cancellationToken);
        }

        return await FinishTaskAsync(plan, now, problems, cancellationToken);
    }

    /// <summary>Plans the task's one LabelBridge prediction: the regions of <paramref name="findings"/>, plus the regions kept
    /// from before (all of them when <paramref name="additive"/>, otherwise only reviewer flags, which only a dismissal withdraws).
    /// An existing prediction is updated in place here; a new one is left to the caller (<see cref="TaskWrite.Create"/>).
    /// <paramref name="task"/> is the task as read for this write (null: it no longer exists). Null: nothing to write.</summary>
    private async Task<TaskWrite?> PlanTaskAsync(
        long taskId, LsTask? task, List<Finding> findings, List<LsPrediction> previous, bool additive,
        List<ReadProblem> problems, CancellationToken cancellationToken)
    {
        if (task is null)
        {
            problems.Add(new ReadProblem(TaskReader.ItemKey(taskId), $"task {taskId} no longer exists; its findings were not written."));
            return null;
        }

        var current = TaskReader.CurrentAnnotation(task.Annotations);
        var regions = new JsonArray();
        var marked = new List<Finding>();
        foreach (var finding in findings)
        {
            if (PredictionRegions.For(finding, current) is { } region)
            {
                regions.Add(region);
                marked.Add(finding);
            }
            else
            {
                problems.Add(new ReadProblem(finding.AnnotationKey, $"the region of finding {finding.Key} is no longer in task {taskId}'s current annotation; not written."));
            }
        }

        var markedKeys = marked.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var kept = previous
            .SelectMany(p => p.Result?.OfType<JsonObject>() ?? [])
            .Where(r => (string?)r["id"] is { } id && !markedKeys.Contains(id) && (additive || PredictionRegions.IsReviewerFlag(id)))
            .DistinctBy(r => (string?)r["id"])
            .ToList();
        if (marked.Count == 0 && kept.Count == 0)
        {
            return null;
        }

        foreach (var region in kept)
        {
            regions.Add(region.DeepClone());
        }

        var plan = new TaskWrite(task, marked, kept.Select(r => (string)r["id"]!).ToHashSet(StringComparer.Ordinal), previous, new LsPredictionWrite(taskId, PredictionRegions.ModelVersion, PredictionRegions.MaxScore(regions), regions));
        if (previous.Count > 0 && JsonNode.DeepEquals(previous[0].Result, regions) && previous[0].Score == plan.Write.Score)
        {
            plan.Saved = previous[0];
            return plan;
        }

        var gone = previous.Count == 0;
        if (!gone)
        {
            var keep = previous[0].Id;
            (plan.Saved, plan.Refused, gone) = await SavePredictionAsync("api/predictions/{id}/", (api, ct) => api.UpdatePredictionAsync(keep, plan.Write, ct), cancellationToken);
        }

        // No prediction yet, or the one listed for this sweep was deleted since (by a reviewer): a new one.
        plan.Create = gone;
        return plan;
    }

    /// <summary>Creates the new predictions of <paramref name="plans"/> with bulk imports (see <see cref="TaskPredictions.ImportAsync"/>);
    /// the tasks of an import Label Studio refused are created one by one, so each refusal is reported on its own task.</summary>
    private async Task CreateInBulkAsync(long projectId, List<TaskWrite> plans, Dictionary<long, List<LsPrediction>> existing, int slots, CancellationToken cancellationToken)
    {
        if (plans.Count == 0)
        {
            return;
        }

        var known = existing.Values.SelectMany(p => p).Select(p => p.Id).ToHashSet();
        var (created, refused) = await records.ImportAsync(projectId, [.. plans.Select(p => p.Write)], known, slots, cancellationToken);
        var alone = new List<TaskWrite>();
        foreach (var plan in plans)
        {
            if (created.TryGetValue(plan.Task.Id, out var saved))
            {
                plan.Saved = saved;
            }
            else
            {
                if (!refused.Contains(plan.Task.Id))
                {
                    Log.ImportedPredictionMissing(logger, client.Platform, plan.Task.Id);
                }

                alone.Add(plan);
            }
        }

        await OrderedWork.RunAsync(alone, slots, async (plan, token) => await CreateOneAsync(plan, token), cancellationToken);
    }

    private async Task<bool> CreateOneAsync(TaskWrite plan, CancellationToken cancellationToken)
    {
        (plan.Saved, plan.Refused, _) = await SavePredictionAsync("api/predictions/", (api, ct) => api.CreatePredictionAsync(plan.Write, ct), cancellationToken);
        return plan.Saved is not null;
    }

    /// <summary>After the task's prediction was saved: the predictions beyond the first are deleted, the meta entry is
    /// patched, and the markers are reported (none when Label Studio refused the prediction).</summary>
    private async Task<(List<MarkerReference> Markers, bool Shown)> FinishTaskAsync(TaskWrite plan, DateTimeOffset now, List<ReadProblem> problems, CancellationToken cancellationToken)
    {
        if (plan.Saved is not { } saved)
        {
            problems.AddRange(plan.Marked.Select(f => new ReadProblem(f.Key, $"Label Studio refused the prediction of task {plan.Task.Id}: {plan.Refused}; the markers of this task were not written.")));
            return ([], false);
        }

        foreach (var extra in plan.Previous.Skip(1))
        {
            await records.DeletePredictionAsync(extra.Id, cancellationToken);
        }

        var markedKeys = plan.Marked.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var previousKeys = plan.Previous.SelectMany(PredictionRegions.FindingKeysOf).ToHashSet(StringComparer.Ordinal);
        var task = plan.Task;
        var withdrawn = TaskMeta.Withdrawn(task.Meta).Union(previousKeys).Where(k => !markedKeys.Contains(k) && !plan.KeptKeys.Contains(k));
        var keptEntries = TaskMeta.FindingEntries(task.Meta).Where(e => (string?)e["key"] is { } key && plan.KeptKeys.Contains(key));
        await records.PatchMetaAsync(task, TaskMeta.Merge(task.Meta, TaskMeta.Entry(plan.Marked, withdrawn, now, keptEntries)), cancellationToken);
        var markerId = saved.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (plan.Marked.Select(f => new MarkerReference(f.Key, f.AnnotationKey, markerId, !previousKeys.Contains(f.Key))).ToList(), true);
    }

    /// <summary>One task's write: what <see cref="PlanTaskAsync"/> decided, and the prediction once saved.</summary>
    private sealed class TaskWrite(LsTask task, List<Finding> marked, HashSet<string> keptKeys, List<LsPrediction> previous, LsPredictionWrite write)
    {
        public LsTask Task { get; } = task;

        public List<Finding> Marked { get; } = marked;

        public HashSet<string> KeptKeys { get; } = keptKeys;

        public List<LsPrediction> Previous { get; } = previous;

        public LsPredictionWrite Write { get; } = write;

        /// <summary>The prediction is new: it still has to be created.</summary>
        public bool Create { get; set; }

        public LsPrediction? Saved { get; set; }

        public string? Refused { get; set; }
    }

    /// <summary>Creates or updates one task's prediction. A 4xx other than authentication is Label Studio refusing this
    /// one prediction (a validation error, a body too large): that task's markers fail, the rest are written and the sweep
    /// goes on (NotFound says the prediction is gone). Anything else is an outage, as before.</summary>
    private async Task<(LsPrediction? Saved, string? Refused, bool NotFound)> SavePredictionAsync(
        string operation, Func<ILabelStudioApi, CancellationToken, Task<Refit.IApiResponse<LsPrediction>>> call, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(operation, call, cancellationToken);
        if (response.IsSuccessStatusCode && response.Content is { } saved)
        {
            return (saved, null, false);
        }

        if (response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
            and not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden)
        {
            return (null, $"{operation} answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}", response.StatusCode == HttpStatusCode.NotFound);
        }

        throw client.Unavailable($"{operation} answered {LabelStudioClient.StatusOf(response)} {response.ReasonPhrase}{LabelStudioClient.DetailOf(response)}.");
    }

    /// <summary>Creates the needs-review tab listing <paramref name="taskIds"/>, or updates it when its filters differ.</summary>
    internal async Task UpsertViewAsync(long projectId, List<long> taskIds, CancellationToken cancellationToken)
    {
        var views = await client.RequireAsync("api/dm/views/", (api, ct) => api.ListViewsAsync(projectId, ct), cancellationToken);
        var write = new LsViewWrite(projectId, ReviewView.Data(taskIds));
        var ours = views.FirstOrDefault(v => ReviewView.IsOurs(v.Data));
        if (ours is null)
        {
            await client.RequireAsync("api/dm/views/", (api, ct) => api.CreateViewAsync(write, ct), cancellationToken);
        }
        else if (!ReviewView.SameFilters(ours.Data?["filters"], write.Data["filters"]))
        {
            await client.RequireAsync("api/dm/views/{id}/", (api, ct) => api.UpdateViewAsync(ours.Id, write, ct), cancellationToken);
        }
    }
}
