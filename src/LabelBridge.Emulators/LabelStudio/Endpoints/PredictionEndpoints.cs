using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

internal static class PredictionEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model)
    {
        app.MapGet("/api/predictions/", (HttpContext context) =>
        {
            var predictions = model.Predictions(Render.QueryLong(context, "project") ?? Render.QueryLong(context, "task__project"), Render.QueryLong(context, "task"));
            return Render.WriteAsync(context, 200, new JsonArray(predictions.Select(p => (JsonNode)Render.Prediction(p)).ToArray()));
        });

        app.MapPost("/api/predictions/", async (HttpContext context) =>
        {
            var body = await Render.ReadObjectAsync(context);
            var taskId = body?["task"] is JsonValue t && t.TryGetValue<long>(out var id) ? id : (long?)null;
            if (body is null || taskId is null || body["result"] is not JsonArray result)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["task"] = new JsonArray("This field is required."), ["result"] = new JsonArray("This field is required.") });
                return;
            }

            if (model.Task(taskId.Value) is null)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["task"] = new JsonArray($"Invalid pk \"{taskId}\" - object does not exist.") });
                return;
            }

            var prediction = model.AddPrediction(taskId.Value, (string?)body["model_version"] ?? "", result.DeepClone().AsArray(), (double?)body["score"]);
            await Render.WriteAsync(context, 201, Render.Prediction(prediction));
        });

        app.MapPost("/api/projects/{id:long}/import/predictions", (long id, HttpContext context) => ImportAsync(id, context, model));

        app.MapGet("/api/predictions/{id:long}/", (long id, HttpContext context) =>
            model.Prediction(id) is { } prediction
                ? Render.WriteAsync(context, 200, Render.Prediction(prediction))
                : Render.DetailAsync(context, 404, "No Prediction matches the given query."));

        app.MapMethods("/api/predictions/{id:long}/", ["PATCH", "PUT"], async (long id, HttpContext context) =>
        {
            var prediction = model.Prediction(id);
            var body = await Render.ReadObjectAsync(context);
            if (prediction is null)
            {
                await Render.DetailAsync(context, 404, "No Prediction matches the given query.");
                return;
            }

            if (body is null)
            {
                await Render.DetailAsync(context, 400, "JSON parse error.");
                return;
            }

            model.Mutate(() =>
            {
                if (body["result"] is JsonArray result)
                {
                    prediction.Result = result.DeepClone().AsArray();
                }

                if (body.ContainsKey("score"))
                {
                    prediction.Score = (double?)body["score"];
                }

                if (body["model_version"] is JsonValue version)
                {
                    prediction.ModelVersion = (string?)version ?? "";
                }

                prediction.UpdatedAt = model.Now;
            });
            await Render.WriteAsync(context, 200, Render.Prediction(prediction));
        });

        app.MapDelete("/api/predictions/{id:long}/", (long id, HttpContext context) =>
        {
            if (!model.DeletePrediction(id))
            {
                return Render.DetailAsync(context, 404, "No Prediction matches the given query.");
            }

            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
    }

    /// <summary><c>POST api/projects/{id}/import/predictions</c>: many predictions in one request, answered only with how many
    /// were created (no ids), as label_studio/data_import/api.py ImportPredictionsAPI does (urls.py maps the path without a
    /// trailing slash). What it refuses, as Label Studio does:</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>an unknown project: 404 (<c>self.get_object()</c>);</item>
    /// <item>a body that is not a JSON list of objects: 500, since the view iterates <c>request.data</c> and calls
    /// <c>item.get('task')</c> on each element (a dict body or a list of numbers raises outside DRF's validation, and
    /// core/utils/common.py custom_exception_handler answers an unhandled exception with 500);</item>
    /// <item>any item whose <c>task</c> is not the id of a task of this project (another project's task, a deleted one, a
    /// string): 400 ValidationError ("contains invalid \"task\" field"), wrapped by custom_exception_handler as
    /// <c>{"detail": "Validation error", "validation_errors": {"non_field_errors": [...]}}</c>, and nothing of the request
    /// is created (both code paths validate before <c>bulk_create</c>; the memory-efficient path does so per 500 items, so
    /// a longer list could land in part: the connector sends at most 100 per request);</item>
    /// <item>a <c>result</c> that is not a list of objects: 400 (tasks/models.py Prediction.prepare_prediction_result:
    /// "Each item in prediction result should be dict"; a missing result is "Incorrect format"). Label Studio turns a dict,
    /// string or number result into a one-region result by the label config; the emulator does not, and refuses it with 400.</item>
    /// </list>
    /// <c>model_version</c> defaults to "undefined"; <c>score</c> must be a number or null (a FloatField; anything else
    /// fails in the database, 500).</remarks>
    private static async Task ImportAsync(long projectId, HttpContext context, LabelStudioModel model)
    {
        if ((context.Request.Path.Value ?? "").EndsWith('/'))
        {
            await Render.DetailAsync(context, 404, "Not found.");
            return;
        }

        if (model.Project(projectId) is null)
        {
            await Render.DetailAsync(context, 404, "No Project matches the given query.");
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (System.Text.Json.JsonException e)
        {
            await Render.DetailAsync(context, 400, $"JSON parse error - {e.Message}");
            return;
        }

        if (body is not JsonArray items || items.Any(i => i is not JsonObject))
        {
            var what = body is JsonArray ? "an element of the list is not an object" : $"the body is a {body?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}, not a list";
            await ServerErrorAsync(context, $"AttributeError: {what}");
            return;
        }

        var taskIds = model.Tasks(projectId).Select(t => t.Id).ToHashSet();
        var errors = new JsonArray();
        var accepted = new List<(long Task, string ModelVersion, JsonArray Result, double? Score)>();
        foreach (var item in items.Cast<JsonObject>())
        {
            var task = item["task"] is JsonValue t && t.GetValueKind() == System.Text.Json.JsonValueKind.Number && t.TryGetValue<long>(out var id) ? id : (long?)null;
            if (task is null || !taskIds.Contains(task.Value))
            {
                errors.Add($"{item.ToJsonString()} contains invalid \"task\" field: task ID {item["task"]?.ToJsonString() ?? "None"} not found in project {projectId}");
                continue;
            }

            if (item["result"] is not JsonArray result)
            {
                errors.Add(item["result"] is null
                    ? "Incorrect format <class 'NoneType'> for prediction result None"
                    : "a prediction result that is not a list (Label Studio converts it by the label config; the emulator does not)");
                continue;
            }

            if (result.Any(r => r is not JsonObject))
            {
                errors.Add("Each item in prediction result should be dict");
                continue;
            }

            double? score = null;
            if (item["score"] is JsonValue s)
            {
                if (s.GetValueKind() != System.Text.Json.JsonValueKind.Number)
                {
                    await ServerErrorAsync(context, $"ValueError: Field 'score' expected a number but got {s.ToJsonString()}.");
                    return;
                }

                score = s.GetValue<double>();
            }

            var version = item["model_version"] is JsonValue v ? (v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : "undefined";
            accepted.Add((task.Value, version, result.DeepClone().AsArray(), score));
        }

        if (errors.Count > 0)
        {
            await Render.WriteAsync(context, 400, new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["status_code"] = 400,
                ["detail"] = "Validation error",
                ["exc_info"] = null,
                ["validation_errors"] = new JsonObject { ["non_field_errors"] = errors },
            });
            return;
        }

        var created = model.AddPredictions(accepted);
        await Render.WriteAsync(context, 201, new JsonObject { ["created"] = created });
    }

    private static Task ServerErrorAsync(HttpContext context, string detail) =>
        Render.WriteAsync(context, 500, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["status_code"] = 500, ["detail"] = detail, ["exc_info"] = null });
}
