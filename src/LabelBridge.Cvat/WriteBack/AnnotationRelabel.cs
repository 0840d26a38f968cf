using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.WriteBack;

/// <summary>Changes the label of one shape, track or tag in its job, as a reviewer approved on the triage page, and
/// resolves the finding's issue with a comment naming who changed what.</summary>
/// <remarks>The job is read again first and the annotation mapped exactly as a sweep maps it: when its version differs
/// from the sweep's (label, geometry or occlusion edited, or the object deleted), nothing is written. CVAT's
/// <c>PATCH /api/jobs/{id}/annotations/?action=update</c> deletes the objects named by id and creates them again from
/// the body (cvat/apps/dataset_manager/task.py, JobAnnotation.update), so the object goes back whole, as CVAT served it,
/// with only <c>label_id</c> changed. Attribute values belong to the old label's attribute specs, which CVAT refuses on
/// another label ("spec_id is invalid"), so they are dropped; CVAT fills the new label's defaults. A track's label is
/// the track's, so every frame of it changes.</remarks>
internal sealed class AnnotationRelabel(CvatConnection connection)
{
    public static string Comment(string oldLabel, string newLabel, string reviewer) =>
        $"Relabelled from {oldLabel} to {newLabel} by {reviewer} on the LabelBridge triage page.";

    public async Task<RelabelAttempt> RelabelAsync(ProjectSnapshot snapshot, LabelChange change, CancellationToken cancellationToken)
    {
        var annotation = change.AtSweep;
        var item = snapshot.Items.FirstOrDefault(i => i.Key == annotation.ItemKey);
        var field = annotation.Origin.ObjectType switch { "shape" => "shapes", "track" => "tracks", "tag" => "tags", _ => null };
        var newLabelId = snapshot.Labels.FirstOrDefault(l => l.Name == change.NewLabel)?.RemoteId;
        if (annotation.Shape == ShapeKind.Skeleton)
        {
            return Refused($"{annotation.Key} is a skeleton, whose points carry the labels of its own elements; change it in CVAT");
        }

        if (item?.Location is not { JobId: { } jobId, TaskId: { } taskId } || field is null
            || !long.TryParse(annotation.Origin.ObjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var objectId))
        {
            return Refused($"{annotation.Key} has no CVAT job and object id in the sweep's snapshot");
        }

        if (!long.TryParse(newLabelId, NumberStyles.None, CultureInfo.InvariantCulture, out var labelId))
        {
            return Refused($"'{change.NewLabel}' has no CVAT label id in the sweep's snapshot");
        }

        var current = await ReadJobAsync(snapshot, taskId, jobId, cancellationToken);
        if (current.Problem is not null)
        {
            return Refused($"job {jobId} could not be read again to check {annotation.Key} ({current.Problem}); nothing was changed");
        }

        var now = current.Parts!.Annotations.FirstOrDefault(a => a.Key == annotation.Key);
        if (now is null)
        {
            return Changed($"{annotation.Key} is no longer in job {jobId} (deleted since the sweep); nothing was changed");
        }

        if (now.Version != annotation.Version)
        {
            return Changed(now.Label == annotation.Label
                ? $"{annotation.Key} was edited in CVAT since the sweep (its box or points changed); nothing was changed: look at it again in the next sweep"
                : $"{annotation.Key} was relabelled in CVAT since the sweep (now {now.Label}); nothing was changed");
        }

        var raw = current.Json![field]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(o => o["id"] is JsonValue id && id.TryGetValue<long>(out var value) && value == objectId);
        if (raw is null)
        {
            return Changed($"{annotation.Key} is no longer among the {field} of job {jobId}; nothing was changed");
        }

        var update = new JsonObject
        {
            ["version"] = current.Json["version"]?.DeepClone() ?? 0,
            ["tags"] = new JsonArray(),
            ["shapes"] = new JsonArray(),
            ["tracks"] = new JsonArray(),
        };
        update[field]!.AsArray().Add(Relabelled(raw, labelId));
        var (_, problem) = await connection.TryGetAsync(
            (api, token) => api.UpdateJobAnnotationsAsync(jobId, update, token), $"the label of {annotation.Key} in job {jobId}", cancellationToken);
        if (problem is not null)
        {
            return Refused(problem);
        }

        var trackNote = field == "tracks" ? " (on every frame of the track)" : "";
        var resolved = await ResolveIssueAsync(change, annotation.Label, cancellationToken);
        return new RelabelAttempt(
            RelabelStatus.Relabelled,
            $"Relabelled {annotation.Label} → {change.NewLabel} in CVAT job {jobId}{trackNote}; {resolved.Note}",
            resolved.Done);
    }

    /// <summary>The object as CVAT served it with the new label and without the old label's attribute values.</summary>
    private static JsonObject Relabelled(JsonObject served, long labelId)
    {
        var copy = (JsonObject)served.DeepClone();
        copy["label_id"] = labelId;
        copy["attributes"] = new JsonArray();
        foreach (var shape in copy["shapes"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            shape["attributes"] = new JsonArray();
        }

        return copy;
    }

    private async Task<(bool Done, string Note)> ResolveIssueAsync(LabelChange change, string oldLabel, CancellationToken cancellationToken)
    {
        if (change.Marker is not { } marker || !long.TryParse(marker.MarkerId, NumberStyles.None, CultureInfo.InvariantCulture, out var issueId))
        {
            return (false, "there was no open issue to resolve.");
        }

        var (_, problem) = await connection.TryGetAsync(
            (api, token) => api.ResolveIssueAsync(issueId, new CvatIssueResolve(true), token), $"issue {issueId}", cancellationToken);
        if (problem is not null)
        {
            return (false, $"its issue {issueId} could not be resolved: {problem}");
        }

        var (_, commentProblem) = await connection.TryGetAsync(
            (api, token) => api.CreateCommentAsync(new CvatCommentCreate(issueId, Comment(oldLabel, change.NewLabel, change.Reviewer)), token),
            $"a comment on issue {issueId}",
            cancellationToken);
        return (true, commentProblem is null ? $"issue {issueId} resolved." : $"issue {issueId} resolved (its comment failed: {commentProblem}).");
    }

    /// <summary>The job's data meta and annotations now, mapped as a sweep maps them, with the annotations' JSON.</summary>
    private async Task<JobNow> ReadJobAsync(ProjectSnapshot snapshot, long taskId, long jobId, CancellationToken cancellationToken)
    {
        var (job, jobProblem) = await connection.TryGetAsync((api, token) => api.GetJobAsync(jobId, token), $"job {jobId}", cancellationToken);
        var (meta, metaProblem) = job is null
            ? (null, jobProblem)
            : await connection.TryGetAsync((api, token) => api.GetJobDataMetaAsync(jobId, token), $"data meta of job {jobId}", cancellationToken);
        var (json, jsonProblem) = meta is null
            ? (null, metaProblem)
            : await connection.TryGetAsync((api, token) => api.GetJobAnnotationsJsonAsync(jobId, token), $"annotations of job {jobId}", cancellationToken);
        if (json is null)
        {
            return new JobNow(null, null, jsonProblem);
        }

        CvatAnnotations? annotations;
        try
        {
            annotations = json.Deserialize<CvatAnnotations>(CvatSerialization.Options);
        }
        catch (JsonException exception)
        {
            return new JobNow(null, null, $"its annotations are not CVAT's shape: {exception.Message}");
        }

        var labelNames = new Dictionary<long, string>();
        foreach (var label in snapshot.Labels)
        {
            if (long.TryParse(label.RemoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                labelNames.TryAdd(id, label.Name);
            }
        }

        var parts = new SnapshotParts();
        new JobMapper(snapshot.Server, labelNames, parts).Map(taskId, job!, new JobFrames(job!, meta!), annotations ?? new CvatAnnotations(0, [], [], []));
        return new JobNow(json, parts, null);
    }

    private static RelabelAttempt Refused(string reason) => new(RelabelStatus.Refused, $"Not relabelled: {reason}.");

    private static RelabelAttempt Changed(string reason) => new(RelabelStatus.AnnotationChanged, $"Not relabelled: {reason}.");

    private sealed record JobNow(JsonObject? Json, SnapshotParts? Parts, string? Problem);
}
