using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

internal static class ViewEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model, LabelStudioEmulatorOptions options)
    {
        app.MapGet("/api/dm/views/", (HttpContext context) =>
            Render.WriteAsync(context, 200, new JsonArray(model.Views(Render.QueryLong(context, "project")).Select(v => (JsonNode)Render.View(v)).ToArray())));

        app.MapPost("/api/dm/views/", async (HttpContext context) =>
        {
            var body = await Render.ReadObjectAsync(context);
            var project = body?["project"] is JsonValue p && p.TryGetValue<long>(out var id) ? id : (long?)null;
            if (body is null || project is null || model.Project(project.Value) is null)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["project"] = new JsonArray("This field is required.") });
                return;
            }

            if (ViewFilterCheck.Refusal(body["data"] as JsonObject, options.ListFilterMaxValues) is { } refusal)
            {
                await Render.WriteAsync(context, 400, refusal);
                return;
            }

            var view = model.AddView(project.Value, body["data"] as JsonObject is { } data ? data.DeepClone().AsObject() : []);
            await Render.WriteAsync(context, 201, Render.View(view));
        });

        app.MapGet("/api/dm/views/{id:long}/", (long id, HttpContext context) =>
            model.View(id) is { } view ? Render.WriteAsync(context, 200, Render.View(view)) : Render.DetailAsync(context, 404, "No View matches the given query."));

        app.MapMethods("/api/dm/views/{id:long}/", ["PATCH", "PUT"], async (long id, HttpContext context) =>
        {
            var view = model.View(id);
            var body = await Render.ReadObjectAsync(context);
            if (view is null)
            {
                await Render.DetailAsync(context, 404, "No View matches the given query.");
                return;
            }

            if (ViewFilterCheck.Refusal(body?["data"] as JsonObject, options.ListFilterMaxValues) is { } refusal)
            {
                await Render.WriteAsync(context, 400, refusal);
                return;
            }

            if (body?["data"] is JsonObject data)
            {
                model.Mutate(() => view.Data = data.DeepClone().AsObject());
            }

            await Render.WriteAsync(context, 200, Render.View(view));
        });

        app.MapDelete("/api/dm/views/{id:long}/", (long id, HttpContext context) =>
        {
            if (!model.DeleteView(id))
            {
                return Render.DetailAsync(context, 404, "No View matches the given query.");
            }

            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
    }
}
