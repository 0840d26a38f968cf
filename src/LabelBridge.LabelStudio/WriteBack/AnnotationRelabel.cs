using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Api;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.LabelStudio.Reading;

namespace LabelBridge.LabelStudio.WriteBack;

/// <summary>Changes one region's label (or one chosen value) as a reviewer approved on the triage page, as a new
/// annotation version of the task, and withdraws the finding from LabelBridge's prediction.</summary>
/// <remarks>Label Studio's <c>PATCH /api/annotations/{id}/</c> overwrites the result in place (tasks/api.py
/// AnnotationAPI.update keeps only <c>updated_by</c>), so the previous labels would be gone. Instead the current
/// annotation is copied whole into a new one, <c>POST /api/tasks/{id}/annotations/</c> with <c>parent_annotation</c>
/// naming it (AnnotationsListAPI.perform_create; the editor's "duplicate annotation" does the same): the reviewer's
/// version is the newest, which is what LabelBridge and the Data Manager read, and the annotator's stays beside it.
/// The task is read again first and mapped exactly as a sweep maps it; when the region's version differs from the
/// sweep's, nothing is written.</remarks>
internal sealed class AnnotationRelabel(LabelStudioClient client, DecisionReader decisions)
{
    public async Task<RelabelAttempt> RelabelAsync(ProjectSnapshot snapshot, LabelChange change, CancellationToken cancellationToken)
    {
        var annotation = change.AtSweep;
        if (TaskReader.TaskIdOf(annotation.Key) is not { } taskId || annotation.Origin.Control is not { } control)
        {
            return Refused($"{annotation.Key} is not a Label Studio region or choice");
        }

        var label = snapshot.Labels.FirstOrDefault(l => l.Name == change.NewLabel && (l.Control is null || l.Control == control));
        if (label is null)
        {
            return Refused($"'{change.NewLabel}' is not a label of control '{control}'");
        }

        var projectId = ProjectReader.ParseProjectId(client, snapshot.RemoteProjectId);
        var project = await client.RequireAsync("api/projects/{id}/", (api, ct) => api.GetProjectAsync(projectId, ct), cancellationToken);
        var config = LabelConfigParser.Parse($"ls:project/{projectId}", project.LabelConfig);
        JsonObject json;
        using (var response = await client.SendAsync("api/tasks/{id}/", (api, ct) => api.GetTaskJsonAsync(taskId, ct), cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return Changed($"task {taskId} was deleted since the sweep");
            }

            json = response.IsSuccessStatusCode && response.Content is { } body
                ? body
                : throw client.Unavailable($"api/tasks/{taskId}/ answered {LabelStudioClient.StatusOf(response)}{LabelStudioClient.DetailOf(response)}.");
        }

        LsTask? task;
        try
        {
            task = json.Deserialize<LsTask>(LabelStudioJson.Options);
        }
        catch (JsonException exception)
        {
            return Refused($"task {taskId} is not Label Studio's shape ({exception.Message})");
        }

        var now = task is null ? null : TaskReader.Read(task, config, client.BaseUrl).Annotations.FirstOrDefault(a => a.Key == annotation.Key);
        if (now is null)
        {
            return Changed($"{annotation.Key} is no longer in the newest annotation of task {taskId} (deleted or relabelled since the sweep)");
        }

        if (now.Version != annotation.Version)
        {
            return Changed($"{annotation.Key} was edited in Label Studio since the sweep (its region changed)");
        }

        var current = TaskReader.CurrentAnnotation(task!.Annotations)!;
        var result = (json["annotations"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(a => a["id"] is JsonValue id && id.TryGetValue<long>(out var value) && value == current.Id)?["result"] as JsonArray)?.DeepClone().AsArray();
        if (result is null || !Relabel(result, annotation, control, change.NewLabel))
        {
            return Changed($"{annotation.Key} is not in annotation {current.Id} of task {taskId} as the sweep read it");
        }

        using (var created = await client.SendAsync(
            "api/tasks/{id}/annotations/", (api, ct) => api.CreateAnnotationAsync(taskId, new LsAnnotationWrite(result, current.Id), ct), cancellationToken))
        {
            if (!created.IsSuccessStatusCode || created.Content is null)
            {
                return Refused($"Label Studio answered {LabelStudioClient.StatusOf(created)}{LabelStudioClient.DetailOf(created)} to the new annotation of task {taskId}");
            }

            var withdrawn = change.Marker is { } marker && await decisions.DismissAsync(marker, cancellationToken) is null;
            return new RelabelAttempt(
                RelabelStatus.Relabelled,
                string.Create(CultureInfo.InvariantCulture,
                    $"Relabelled {annotation.Label} → {change.NewLabel} in Label Studio task {taskId}: annotation {created.Content.Id}, made from annotation {current.Id}, which is kept; ")
                    + (withdrawn ? "the finding was withdrawn from LabelBridge's prediction." : "there was no prediction region to withdraw."),
                withdrawn);
        }
    }

    /// <summary>Changes the label in the result entries of the region (every control's entry for that region id), or the
    /// chosen value of a choice; false when none matches.</summary>
    private static bool Relabel(JsonArray result, Annotation annotation, string control, string newLabel)
    {
        var changed = false;
        foreach (var region in result.OfType<JsonObject>())
        {
            if ((string?)region["from_name"] != control || (string?)region["type"] is not { } type || region["value"]?[type] is not JsonArray labels)
            {
                continue;
            }

            if (annotation.Shape == ShapeKind.ImageLabel)
            {
                var index = labels.Select(l => (string?)l).ToList().IndexOf(annotation.Label);
                if (index >= 0)
                {
                    labels.RemoveAt(index);
                    if (!labels.Any(l => (string?)l == newLabel))
                    {
                        labels.Insert(index, newLabel);
                    }

                    changed = true;
                }
            }
            else if ((string?)region["id"] == annotation.Origin.ObjectId)
            {
                region["value"]![type] = new JsonArray(newLabel);
                changed = true;
            }
        }

        return changed;
    }

    private static RelabelAttempt Refused(string reason) => new(RelabelStatus.Refused, $"Not relabelled: {reason}.");

    private static RelabelAttempt Changed(string reason) => new(RelabelStatus.AnnotationChanged, $"Not relabelled: {reason}; nothing was changed.");
}
