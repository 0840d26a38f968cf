using System.Text.Json.Nodes;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

internal static class ProjectEndpoints
{
    public static void Map(IEndpointRouteBuilder app, CvatApiContext api)
    {
        var model = api.Model;
        app.MapGet("/api/projects", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var visible = model.Projects.Where(p => CvatApiContext.Visible(context, p)).OrderByDescending(p => p.Id).ToList();
                return api.Page(context, visible, p => Render.Project(api, context, p));
            }
        });

        app.MapGet("/api/projects/{id:long}", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var project = model.FindProject(id);
                return project is not null && CvatApiContext.Visible(context, project)
                    ? CvatJson.Ok(Render.Project(api, context, project))
                    : CvatJson.NotFound("Project");
            }
        });

        app.MapPatch("/api/projects/{id:long}", async (HttpContext context, long id) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            lock (model.Gate)
            {
                var project = model.FindProject(id);
                if (project is null || !CvatApiContext.Visible(context, project))
                {
                    return CvatJson.NotFound("Project");
                }

                if (body?["name"]?.GetValue<string>() is { Length: > 0 } name)
                {
                    project.Name = name;
                }

                foreach (var label in body?["labels"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    var labelName = label["name"]?.GetValue<string>();
                    if (string.IsNullOrEmpty(labelName))
                    {
                        return CvatJson.Invalid("labels", "This field may not be blank.");
                    }

                    if (label["id"] is null && project.Labels.Exists(l => l.Name == labelName))
                    {
                        return CvatJson.Invalid("labels", $"Label '{labelName}' already exists");
                    }

                    if (label["id"] is null)
                    {
                        project.AddLabel(model, labelName, label["type"]?.GetValue<string>() ?? "any");
                    }
                }

                return CvatJson.Ok(Render.Project(api, context, project));
            }
        });

        app.MapGet("/api/labels", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var projectId = CvatApiContext.QueryLong(context, "project_id");
                var project = projectId is null ? null : model.FindProject(projectId.Value);
                IReadOnlyList<EmulatedLabel> labels = project is not null && CvatApiContext.Visible(context, project)
                    ? [.. project.Labels.OrderBy(l => l.Id)]
                    : [];
                return api.Page(context, labels, l => Render.Label(l, project!.Id), l => l.Id);
            }
        });

        app.MapGet("/api/tasks", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var projectId = CvatApiContext.QueryLong(context, "project_id");
                var tasks = model.Tasks
                    .Where(t => (projectId is null || t.ProjectId == projectId) && CvatApiContext.Visible(context, model.ProjectOf(t)))
                    .OrderByDescending(t => t.Id)
                    .ToList();
                return api.Page(context, tasks, t => Render.Task(api, context, t), t => t.Id);
            }
        });

        app.MapGet("/api/tasks/{id:long}/data/meta", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var task = model.FindTask(id);
                return task is not null && CvatApiContext.Visible(context, model.ProjectOf(task))
                    ? CvatJson.Ok(DataMeta.Of(task, 0, task.Frames.Count - 1))
                    : CvatJson.NotFound("Task");
            }
        });
    }
}
