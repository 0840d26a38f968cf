using System.Text.Json.Nodes;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.LabelStudio.Reading;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>Reads reviewers' decisions back from Label Studio (a relabelled region confirms a finding; a region a reviewer
/// removed from LabelBridge's prediction dismisses it, unless LabelBridge withdrew it itself) and dismisses a marker on
/// request.</summary>
internal sealed class DecisionReader(LabelStudioClient client, TaskPredictions records)
{
    public async Task<IReadOnlyList<PlatformDecision>> ReadAsync(
        ProjectSnapshot current, IReadOnlyList<MarkerLabelSnapshot> markers, CancellationToken cancellationToken)
    {
        if (markers.Count == 0)
        {
            return [];
        }

        var projectId = ProjectReader.ParseProjectId(client, current.RemoteProjectId);
        var predictions = (await records.ReadForDecisionsAsync(current, projectId, cancellationToken))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), PredictionRegions.FindingKeysOf);
        var annotations = current.Annotations.ToDictionary(a => a.Key, StringComparer.Ordinal);
        var withdrawnByTask = new Dictionary<long, HashSet<string>>();
        var decisions = new List<PlatformDecision>();
        foreach (var (marker, labelWhenMarked) in markers)
        {
            if (!annotations.TryGetValue(marker.AnnotationKey, out var annotation))
            {
                continue;
            }

            if (annotation.Label != labelWhenMarked)
            {
                decisions.Add(new PlatformDecision(marker.FindingKey, marker.AnnotationKey, DecisionVerdict.Confirmed, annotation.Label));
                continue;
            }

            var stillShown = predictions.TryGetValue(marker.MarkerId, out var keys) && keys.Contains(marker.FindingKey);
            if (!stillShown && TaskReader.TaskIdOf(marker.AnnotationKey) is { } taskId)
            {
                if (!withdrawnByTask.TryGetValue(taskId, out var withdrawn))
                {
                    withdrawn = TaskMeta.Withdrawn((await records.GetTaskAsync(taskId, cancellationToken))?.Meta);
                    withdrawnByTask[taskId] = withdrawn;
                }

                if (!withdrawn.Contains(marker.FindingKey))
                {
                    decisions.Add(new PlatformDecision(marker.FindingKey, marker.AnnotationKey, DecisionVerdict.Dismissed, annotation.Label));
                }
            }
        }

        return decisions;
    }

    public async Task<ReadProblem?> DismissAsync(MarkerReference marker, CancellationToken cancellationToken)
    {
        if (!long.TryParse(marker.MarkerId, System.Globalization.CultureInfo.InvariantCulture, out var predictionId))
        {
            return new ReadProblem(marker.AnnotationKey, $"marker id '{marker.MarkerId}' is not a Label Studio prediction id.");
        }

        using (var response = await client.SendAsync("api/predictions/{id}/", (api, ct) => api.GetPredictionAsync(predictionId, ct), cancellationToken))
        {
            if (response.IsSuccessStatusCode && response.Content is { } prediction)
            {
                var remaining = new JsonArray((prediction.Result ?? [])
                    .OfType<JsonObject>()
                    .Where(r => (string?)r["id"] != marker.FindingKey)
                    .Select(r => (JsonNode)r.DeepClone())
                    .ToArray());
                if (remaining.Count == 0)
                {
                    await records.DeletePredictionAsync(predictionId, cancellationToken);
                }
                else
                {
                    var update = new LsPredictionWrite(prediction.Task, PredictionRegions.ModelVersion, PredictionRegions.MaxScore(remaining), remaining);
                    using var _ = await client.SendAsync("api/predictions/{id}/", (api, ct) => api.UpdatePredictionAsync(predictionId, update, ct), cancellationToken);
                }
            }
        }

        if (TaskReader.TaskIdOf(marker.AnnotationKey) is { } taskId)
        {
            var task = await records.GetTaskAsync(taskId, cancellationToken);
            if (task?.Meta?[TaskMeta.Key] is JsonObject entry)
            {
                await records.PatchMetaAsync(task, TaskMeta.Merge(task.Meta, TaskMeta.Without(entry, marker.FindingKey)), cancellationToken);
            }
        }

        return null;
    }
}
