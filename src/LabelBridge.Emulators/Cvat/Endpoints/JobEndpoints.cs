using System.Globalization;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

internal static class JobEndpoints
{
    private static readonly string[] Stages = ["annotation", "validation", "acceptance"];
    private static readonly string[] States = ["new", "in progress", "completed", "rejected"];

    public static void Map(IEndpointRouteBuilder app, CvatApiContext api, EmulatorFaults faults)
    {
        var model = api.Model;
        app.MapGet("/api/jobs", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var taskId = CvatApiContext.QueryLong(context, "task_id");
                var projectId = CvatApiContext.QueryLong(context, "project_id");
                var jobs = model.Tasks
                    .Where(t => (taskId is null || t.Id == taskId) && (projectId is null || t.ProjectId == projectId))
                    .Where(t => CvatApiContext.Visible(context, model.ProjectOf(t)))
                    .SelectMany(t => t.Jobs)
                    .OrderByDescending(j => j.Id)
                    .ToList();
                return api.Page(context, jobs, j => Render.Job(api, context, j), j => j.Id);
            }
        });

        app.MapGet("/api/jobs/{id:long}", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                return job is null ? CvatJson.NotFound("Job") : CvatJson.Ok(Render.Job(api, context, job));
            }
        });

        app.MapPatch("/api/jobs/{id:long}", async (HttpContext context, long id) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                if (job is null)
                {
                    return CvatJson.NotFound("Job");
                }

                var stage = body?["stage"]?.GetValue<string>();
                var state = body?["state"]?.GetValue<string>();
                if (stage is not null && !Stages.Contains(stage))
                {
                    return CvatJson.Invalid("stage", $"\"{stage}\" is not a valid choice.");
                }

                if (state is not null && !States.Contains(state))
                {
                    return CvatJson.Invalid("state", $"\"{state}\" is not a valid choice.");
                }

                job.Stage = stage ?? job.Stage;
                job.State = state ?? job.State;
                var rendered = Render.Job(api, context, job);
                api.Raise(context, "update:job", model.ProjectOf(model.TaskOf(job)).Id, rendered);
                return CvatJson.Ok(rendered);
            }
        });

        app.MapGet("/api/jobs/{id:long}/annotations/", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                return job is null
                    ? CvatJson.NotFound("Job")
                    : CvatJson.Ok(new
                    {
                        Version = job.AnnotationVersion,
                        Tags = job.Tags.Select(t => t.DeepClone()).ToList(),
                        Shapes = job.Shapes.Select(s => s.DeepClone()).ToList(),
                        Tracks = job.Tracks.Select(t => t.DeepClone()).ToList(),
                    });
            }
        });

        app.MapPatch("/api/jobs/{id:long}/annotations/", async (HttpContext context, long id) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            var action = context.Request.Query["action"].ToString();
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                if (job is null)
                {
                    return CvatJson.NotFound("Job");
                }

                if (action == "update")
                {
                    return AnnotationUpdate.Apply(model, job, body, () => api.Raise(context, "update:job", model.ProjectOf(model.TaskOf(job)).Id, Render.Job(api, context, job)));
                }

                if (action != "create")
                {
                    return CvatJson.Error(StatusCodes.Status400BadRequest, "Please specify a correct 'action' for the request");
                }

                var created = new JsonObject { ["version"] = ++job.AnnotationVersion };
                foreach (var (field, target) in new[] { ("tags", job.Tags), ("shapes", job.Shapes), ("tracks", job.Tracks) })
                {
                    var added = new JsonArray();
                    foreach (var item in body?[field]?.AsArray().OfType<JsonObject>() ?? [])
                    {
                        var copy = (JsonObject)item.DeepClone();
                        copy["id"] = model.NextId();
                        copy["source"] ??= "manual";
                        copy["group"] ??= 0;
                        copy["attributes"] ??= new JsonArray();
                        target.Add(copy);
                        added.Add(copy.DeepClone());
                    }

                    created[field] = added;
                }

                // Saving annotations touches the job (update:job), as every annotation change in CVAT does.
                api.Raise(context, "update:job", model.ProjectOf(model.TaskOf(job)).Id, Render.Job(api, context, job));
                return CvatJson.Ok(created);
            }
        });

        app.MapGet("/api/jobs/{id:long}/data/meta", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                return job is null ? CvatJson.NotFound("Job") : CvatJson.Ok(DataMeta.Of(model.TaskOf(job), job.StartFrame, job.StopFrame));
            }
        });

        app.MapGet("/api/jobs/{id:long}/data", async (HttpContext context, long id) =>
        {
            EmulatedFrame frame;
            int number;
            long taskId;
            lock (model.Gate)
            {
                var job = api.VisibleJob(context, id);
                if (job is null)
                {
                    return CvatJson.NotFound("Job");
                }

                if (context.Request.Query["type"] != "frame")
                {
                    return CvatJson.Error(StatusCodes.Status400BadRequest, "Unexpected type parameter value");
                }

                if (!int.TryParse(context.Request.Query["number"], CultureInfo.InvariantCulture, out number) || number < job.StartFrame || number > job.StopFrame)
                {
                    return CvatJson.Error(StatusCodes.Status400BadRequest, "The frame number doesn't belong to the job");
                }

                var task = model.TaskOf(job);
                frame = task.Frames[number];
                taskId = task.Id;
            }

            var bytes = frame.Image ?? FrameImages.Generate(frame.Width, frame.Height, (int)(taskId * 1000 + number));
            var contentType = bytes is [0xFF, 0xD8, ..] ? "image/jpeg" : "image/png";
            if (faults.TruncateImages)
            {
                context.Response.ContentType = contentType;
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                return Results.Empty;
            }

            return Results.Bytes(bytes, contentType);
        });
    }
}
