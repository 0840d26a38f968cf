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
}
