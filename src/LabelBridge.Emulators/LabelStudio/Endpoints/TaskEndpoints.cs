using System.Text.Json.Nodes;
using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

internal static class TaskEndpoints
{
    private const int DefaultPageSize = 100;

    /// <summary>The total the endless-pages fault claims.</summary>
    private const long LyingTotal = 1_000_000_000;

    public static void Map(WebApplication app, LabelStudioModel model, EmulatorFaults faults)
    {
        app.MapGet("/api/tasks/", (HttpContext context) =>
        {
            var project = Render.QueryLong(context, "project");
            var page = (int)(Render.QueryLong(context, "page") ?? 1);
            var pageSize = (int)(Render.QueryLong(context, "page_size") ?? DefaultPageSize);
            var all = project is { } id ? model.Tasks(id) : model.Projects().SelectMany(p => model.Tasks(p.Id)).ToList();
            var start = (long)(page - 1) * pageSize;
            if (page < 1 || pageSize < 1 || (start >= all.Count && page > 1 && !faults.EndlessPages))
            {
                return Render.DetailAsync(context, 404, "Invalid page.");
            }

            // The endless-pages fault: a total of 10^9, and the last page served again past the end.
            var lastStart = Math.Max(0, (all.Count - 1) / pageSize * pageSize);
            var withAnnotations = context.Request.Query["fields"].ToString() == "all";
            var slice = all.Skip((int)Math.Min(start, lastStart)).Take(pageSize);
            return Render.WriteAsync(context, 200, new JsonObject
            {
                ["tasks"] = new JsonArray(slice.Select(t => (JsonNode)Render.Task(t, model.Predictions(taskId: t.Id), withAnnotations)).ToArray()),
                ["total"] = faults.EndlessPages ? LyingTotal : all.Count,
                ["total_annotations"] = all.Sum(t => t.Annotations.Count(a => !a.WasCancelled)),
                ["total_predictions"] = all.Sum(t => model.Predictions(taskId: t.Id).Count),
            });
        });

        app.MapGet("/api/tasks/{id:long}/", (long id, HttpContext context) =>
            model.Task(id) is { } task
                ? Render.WriteAsync(context, 200, Render.Task(task, model.Predictions(taskId: id), withAnnotations: true))
                : Render.DetailAsync(context, 404, "No Task matches the given query."));

        app.MapMethods("/api/tasks/{id:long}/", ["PATCH"], async (long id, HttpContext context) =>
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

            model.Mutate(() =>
            {
                if (body["meta"] is JsonObject meta)
                {
                    task.Meta = meta.DeepClone().AsObject();
                }

                if (body["data"] is JsonObject data)
                {
                    task.Data = data.DeepClone().AsObject();
                }

                task.UpdatedAt = model.Now;
            });
            await Render.WriteAsync(context, 200, Render.Task(task, model.Predictions(taskId: id), withAnnotations: true));
        });
    }
}
