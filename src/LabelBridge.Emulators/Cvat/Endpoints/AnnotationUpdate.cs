using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary><c>PATCH /api/jobs/{id}/annotations/?action=update</c> as CVAT does it (cvat/apps/dataset_manager/task.py,
/// JobAnnotation.update): the objects named by id are deleted and created again from the body, so each must be sent
/// whole; labels are checked against the project (<c>_validate_label_for_existence</c>: "label_id `N` is invalid") and
/// attribute values against the label's attribute specs (<c>_validate_attribute_for_existence</c>), which the emulator's
/// labels have none of. Stricter than CVAT on one point: an id that is not an object of this job is refused, where CVAT
/// would create a new object with that id (or fail on the duplicate key).</summary>
internal static class AnnotationUpdate
{
    private static readonly Dictionary<string, string[]> RequiredFields = new(StringComparer.Ordinal)
    {
        ["tags"] = ["id", "frame", "label_id"],
        ["shapes"] = ["id", "type", "frame", "label_id", "points"],
        ["tracks"] = ["id", "frame", "label_id", "shapes"],
    };

    /// <summary>Validates the whole body first and changes nothing on a refusal, as CVAT's transaction does.</summary>
    public static IResult Apply(CvatModel model, EmulatedJob job, JsonObject? body, Action saved)
    {
        var labels = model.ProjectOf(model.TaskOf(job)).Labels.Select(l => l.Id).ToHashSet();
        var replacements = new List<(List<JsonObject> Target, int Index, JsonObject Copy)>();
        foreach (var (field, target) in new[] { ("tags", job.Tags), ("shapes", job.Shapes), ("tracks", job.Tracks) })
        {
            foreach (var node in body?[field]?.AsArray() ?? [])
            {
                if (node is not JsonObject item)
                {
                    return CvatJson.Invalid(field, "Expected a dictionary of items.");
                }

                if (RequiredFields[field].FirstOrDefault(f => item[f] is null) is { } missing)
                {
                    return CvatJson.Invalid(missing, "This field is required.");
                }

                var id = item["id"]!.GetValue<long>();
                var index = target.FindIndex(o => o["id"]?.GetValue<long>() == id);
                if (index < 0)
                {
                    return CvatJson.Error(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"{field} id {id} is not an object of job {job.Id}"));
                }

                var labelId = item["label_id"]!.GetValue<long>();
                if (!labels.Contains(labelId))
                {
                    return Validation(string.Create(CultureInfo.InvariantCulture, $"label_id `{labelId}` is invalid"));
                }

                var attributes = (item["attributes"]?.AsArray() ?? []).Concat(
                    (item["shapes"]?.AsArray().OfType<JsonObject>() ?? []).SelectMany(s => s["attributes"]?.AsArray() ?? []));
                if (attributes.OfType<JsonObject>().FirstOrDefault() is { } attribute)
                {
                    return Validation($"spec_id `{attribute["spec_id"]}` is invalid");
                }

                var copy = (JsonObject)item.DeepClone();
                copy["source"] ??= "manual";
                copy["group"] ??= 0;
                copy["attributes"] ??= new JsonArray();
                replacements.Add((target, index, copy));
            }
        }

        foreach (var (target, index, copy) in replacements)
        {
            target[index] = copy;
        }

        var updated = new JsonObject { ["version"] = ++job.AnnotationVersion };
        foreach (var field in RequiredFields.Keys)
        {
            updated[field] = new JsonArray([.. replacements.Where(r => FieldOf(job, r.Target) == field).Select(r => (JsonNode)r.Copy.DeepClone())]);
        }

        // Saving annotations touches the job (update:job), as every annotation change in CVAT does.
        saved();
        return CvatJson.Ok(updated);
    }

    private static string FieldOf(EmulatedJob job, List<JsonObject> target) =>
        ReferenceEquals(target, job.Tags) ? "tags" : ReferenceEquals(target, job.Shapes) ? "shapes" : "tracks";

    /// <summary>A Django REST framework ValidationError raised outside a serializer: a JSON list of messages.</summary>
    private static IResult Validation(string message) => CvatJson.Ok(new[] { message }, StatusCodes.Status400BadRequest);
}
