using System.Text.Json.Nodes;
using LabelBridge.Emulators.Cvat.Model;

namespace LabelBridge.Emulators.Cvat.Endpoints;

internal static class IssueEndpoints
{
    private static readonly string[] RequiredIssueFields = ["frame", "job", "message", "position"];

    public static void Map(IEndpointRouteBuilder app, CvatApiContext api)
    {
        var model = api.Model;
        app.MapGet("/api/issues", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var jobId = CvatApiContext.QueryLong(context, "job_id");
                var frame = CvatApiContext.QueryLong(context, "frame_id");
                var issues = model.Issues
                    .Where(i => (jobId is null || i.JobId == jobId) && (frame is null || i.Frame == frame))
                    .Where(i => api.VisibleJob(context, i.JobId) is not null)
                    .OrderBy(i => i.Id)
                    .ToList();
                return api.Page(context, issues, i => Render.Issue(api, context, i), i => i.Id);
            }
        });

        app.MapGet("/api/issues/{id:long}", (HttpContext context, long id) =>
        {
            lock (model.Gate)
            {
                var issue = model.Issues.Find(i => i.Id == id);
                return issue is null || api.VisibleJob(context, issue.JobId) is null
                    ? CvatJson.NotFound("Issue")
                    : CvatJson.Ok(Render.Issue(api, context, issue));
            }
        });

        app.MapPost("/api/issues", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            foreach (var field in RequiredIssueFields)
            {
                if (body?[field] is null)
                {
                    return CvatJson.Invalid(field, "This field is required.");
                }
            }

            lock (model.Gate)
            {
                var job = api.VisibleJob(context, body!["job"]!.GetValue<long>());
                if (job is null)
                {
                    return CvatJson.Invalid("job", "Invalid pk - object does not exist.");
                }

                var frame = body["frame"]!.GetValue<int>();
                if (frame < job.StartFrame || frame > job.StopFrame)
                {
                    return CvatJson.Invalid("frame", "The frame number doesn't belong to the job");
                }

                var message = body["message"]!.GetValue<string>();
                if (message.Length == 0)
                {
                    return CvatJson.Invalid("message", "This field may not be blank.");
                }

                var position = body["position"]!.AsArray().Select(p => p!.GetValue<double>()).ToList();
                var issue = new EmulatedIssue(model.NextId(), job.Id, frame, position) { CreatedDate = api.Options.TimeProvider.GetUtcNow() };
                model.Issues.Add(issue);
                var comment = new EmulatedComment(model.NextId(), issue.Id, message, issue.CreatedDate);
                model.Comments.Add(comment);

                // IssueWriteSerializer.create saves the issue, then its first comment; the job is touched (update:job).
                var rendered = Render.Issue(api, context, issue);
                var projectId = ProjectOf(model, job);
                api.Raise(context, "create:issue", projectId, rendered);
                api.Raise(context, "create:comment", projectId, Render.Comment(api, comment));
                api.Raise(context, "update:job", projectId, Render.Job(api, context, job));
                return CvatJson.Ok(rendered, StatusCodes.Status201Created);
            }
        });

        app.MapPatch("/api/issues/{id:long}", async (HttpContext context, long id) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            lock (model.Gate)
            {
                var issue = model.Issues.Find(i => i.Id == id);
                if (issue is null || api.VisibleJob(context, issue.JobId) is null)
                {
                    return CvatJson.NotFound("Issue");
                }

                if (body?["resolved"] is { } resolved)
                {
                    issue.Resolved = resolved.GetValue<bool>();
                }

                if (body?["position"] is JsonArray position)
                {
                    issue.Position = [.. position.Select(p => p!.GetValue<double>())];
                }

                var rendered = Render.Issue(api, context, issue);
                var job = model.FindJob(issue.JobId)!;
                api.Raise(context, "update:issue", ProjectOf(model, job), rendered);
                api.Raise(context, "update:job", ProjectOf(model, job), Render.Job(api, context, job));
                return CvatJson.Ok(rendered);
            }
        });

        app.MapGet("/api/comments", (HttpContext context) =>
        {
            lock (model.Gate)
            {
                var issueId = CvatApiContext.QueryLong(context, "issue_id");
                var jobId = CvatApiContext.QueryLong(context, "job_id");
                var comments = model.Comments
                    .Where(c => model.Issues.Find(i => i.Id == c.IssueId) is { } issue
                        && (issueId is null || issue.Id == issueId)
                        && (jobId is null || issue.JobId == jobId)
                        && api.VisibleJob(context, issue.JobId) is not null)
                    .OrderBy(c => c.Id)
                    .ToList();
                return api.Page(context, comments, c => Render.Comment(api, c), c => c.Id);
            }
        });

        app.MapPost("/api/comments", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            if (body?["issue"] is null)
            {
                return CvatJson.Invalid("issue", "This field is required.");
            }

            lock (model.Gate)
            {
                var issue = model.Issues.Find(i => i.Id == body["issue"]!.GetValue<long>());
                if (issue is null || api.VisibleJob(context, issue.JobId) is null)
                {
                    return CvatJson.Invalid("issue", "Invalid pk - object does not exist.");
                }

                var comment = new EmulatedComment(model.NextId(), issue.Id, body["message"]?.GetValue<string>() ?? "", api.Options.TimeProvider.GetUtcNow());
                model.Comments.Add(comment);
                var rendered = Render.Comment(api, comment);
                api.Raise(context, "create:comment", ProjectOf(model, model.FindJob(issue.JobId)!), rendered);
                return CvatJson.Ok(rendered, StatusCodes.Status201Created);
            }
        });
    }

    private static long ProjectOf(CvatModel model, EmulatedJob job) => model.ProjectOf(model.TaskOf(job)).Id;
}
