using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary><c>POST /api/tasks/{id}/annotations/</c> as Label Studio serves it (label_studio/tasks/api.py,
/// AnnotationsListAPI.perform_create): the annotation is completed by the requesting user unless the body says otherwise,
/// may name the annotation it was made from (<c>parent_annotation</c>), and leaves the task's other annotations as they
/// were. The result must be a list (AnnotationSerializer "result" field); the emulator also checks each region against
/// the project's label config (a control of that name, labels it offers), which Label Studio does when the config changes.</summary>
internal static class AnnotationEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model)
    {
        app.MapPost("/api/tasks/{id:long}/annotations/", async (long id, HttpContext context) =>
        {
            var task = model.Task(id);
            if (task is null)
            {
                await Render.DetailAsync(context, 404, "No Task matches the given query.");
                return;
            }

            var body = await Render.ReadObjectAsync(context);
            if (body is null)
            {
                await Render.DetailAsync(context, 400, "JSON parse error.");
                return;
            }

            if (body["result"] is not JsonArray result)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["result"] = new JsonArray("annotation \"result\" field in annotation must be list") });
                return;
            }

            long? parent = body["parent_annotation"] is JsonValue p && p.TryGetValue<long>(out var parentId) ? parentId : null;
            if (parent is { } named && task.Annotations.All(a => a.Id != named))
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["parent_annotation"] = new JsonArray($"Invalid pk \"{named}\" - object does not exist.") });
                return;
            }

            var project = model.Project(task.Project)!;
            if (RegionProblem(project.LabelConfig, result) is { } problem)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["result"] = new JsonArray(problem) });
                return;
            }

            var created = model.CreateAnnotation(task, (JsonArray)result.DeepClone(), parent);
            await Render.WriteAsync(context, 201, Render.Annotation(created, task.Project));
        });
    }

    /// <summary>Why a region does not fit the label config, or null.</summary>
    private static string? RegionProblem(string labelConfig, JsonArray result)
    {
        XElement root;
        try
        {
            root = XElement.Parse(labelConfig);
        }
        catch (XmlException)
        {
            return "the project's label config is not XML";
        }

        foreach (var node in result)
        {
            if (node is not JsonObject region || region["from_name"]?.GetValue<string>() is not { } control
                || region["type"]?.GetValue<string>() is not { } type || region["value"] is not JsonObject value)
            {
                return "each region needs from_name, to_name, type and value";
            }

            var element = root.DescendantsAndSelf().FirstOrDefault(e => (string?)e.Attribute("name") == control);
            if (element is null)
            {
                return $"from_name \"{control}\" is not a control of the label config";
            }

            var offered = element.Elements().Select(e => (string?)e.Attribute("value")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var label in value[type]?.AsArray().Select(l => l?.GetValue<string>()) ?? [])
            {
                if (label is null || !offered.Contains(label))
                {
                    return $"\"{label}\" is not a label of control \"{control}\"";
                }
            }
        }

        return null;
    }
}
