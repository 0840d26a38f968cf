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
            if (context.Request.Query.ContainsKey("query"))
            {
                if (SelectedTaskIds(context.Request.Query["query"].ToString()) is not { } selection)
                {
                    return Render.DetailAsync(context, 500, "Server error.");
                }

                if (selection.Included is { Count: > 0 } included)
                {
                    all = [.. all.Where(t => included.Contains(t.Id))];
                }
            }

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

    /// <summary>The task selection of a data manager <c>query</c>, or null when Label Studio fails on it.</summary>
    /// <remarks>label_studio/data_manager/functions.py get_prepare_params: <c>query</c> is JSON (ujson.loads of the unquoted
    /// value; anything else raises, a 500); <c>selectedItems</c> defaults to <c>{"all": true, "excluded": []}</c> and must be
    /// a dict; prepare_params.py SelectedItems is pydantic (<c>all</c> a bool, required; <c>included</c> and <c>excluded</c>
    /// lists of ints), a ValidationError is unhandled (500). managers.py TaskQuerySet.prepared keeps only
    /// <c>id__in=included</c> when <c>all</c> is false <em>and</em> <c>included</c> is non-empty: an empty <c>included</c>
    /// selects every task of the project. Filters and ordering are not emulated (LabelBridge sends neither here).</remarks>
    private static (bool All, HashSet<long>? Included)? SelectedTaskIds(string query)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(query);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (parsed is not JsonObject data)
        {
            return null;
        }

        if (data["selectedItems"] is null)
        {
            return (true, null);
        }

        if (data["selectedItems"] is not JsonObject selected
            || selected["all"] is not JsonValue all || !all.TryGetValue<bool>(out var everything))
        {
            return null;
        }

        var included = new HashSet<long>();
        if (selected["included"] is { } list)
        {
            if (list is not JsonArray ids)
            {
                return null;
            }

            foreach (var id in ids)
            {
                if (id is not JsonValue value || !value.TryGetValue<long>(out var taskId))
                {
                    return null;
                }

                included.Add(taskId);
            }
        }

        return everything ? (true, null) : (false, included);
    }
}
