using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

internal static class ProjectEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model)
    {
        app.MapGet("/api/projects/", (HttpContext context) =>
        {
            var projects = model.Projects();
            return Render.WriteAsync(context, 200, new JsonObject
            {
                ["count"] = projects.Count,
                ["next"] = null,
                ["previous"] = null,
                ["results"] = new JsonArray(projects.Select(p => (JsonNode)Render.Project(p, model.Tasks(p.Id).Count)).ToArray()),
            });
        });

        app.MapGet("/api/projects/{id:long}/", (long id, HttpContext context) =>
            model.Project(id) is { } project
                ? Render.WriteAsync(context, 200, Render.Project(project, model.Tasks(id).Count))
                : Render.DetailAsync(context, 404, "No Project matches the given query."));
    }
}
