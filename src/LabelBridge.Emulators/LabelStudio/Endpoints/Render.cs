using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>Label Studio's JSON shapes for the emulated entities.</summary>
internal static class Render
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Project(EmulatedProject p, int taskCount) => new()
    {
        ["id"] = p.Id,
        ["title"] = p.Title,
        ["description"] = "",
        ["label_config"] = p.LabelConfig,
        ["expert_instruction"] = "",
        ["show_instruction"] = false,
        ["is_published"] = false,
        ["task_number"] = taskCount,
        ["model_version"] = "",
    };

    public static JsonObject Task(EmulatedTask t, IReadOnlyList<EmulatedPrediction> predictions, bool withAnnotations)
    {
        var json = new JsonObject
        {
            ["id"] = t.Id,
            ["data"] = t.Data.DeepClone(),
            ["meta"] = t.Meta.DeepClone(),
            ["created_at"] = Time(t.CreatedAt),
            ["updated_at"] = Time(t.UpdatedAt),
            ["is_labeled"] = t.Annotations.Any(a => !a.WasCancelled),
            ["overlap"] = 1,
            ["inner_id"] = t.Id,
            ["total_annotations"] = t.Annotations.Count(a => !a.WasCancelled),
            ["cancelled_annotations"] = t.Annotations.Count(a => a.WasCancelled),
            ["total_predictions"] = predictions.Count,
            ["project"] = t.Project,
            ["file_upload"] = null,
        };
        if (withAnnotations)
        {
            json["annotations"] = new JsonArray(t.Annotations.Select(a => (JsonNode)Annotation(a, t.Project)).ToArray());
            json["predictions"] = new JsonArray(predictions.Select(p => (JsonNode)Prediction(p)).ToArray());
        }

        return json;
    }

    public static JsonObject Annotation(EmulatedAnnotation a, long project) => new()
    {
        ["id"] = a.Id,
        ["result"] = a.Result.DeepClone(),
        ["was_cancelled"] = a.WasCancelled,
        ["ground_truth"] = false,
        ["created_at"] = Time(a.CreatedAt),
        ["updated_at"] = Time(a.UpdatedAt),
        ["lead_time"] = 12.5,
        ["task"] = a.Task,
        ["project"] = project,
        ["completed_by"] = a.CompletedBy,
        ["parent_prediction"] = null,
        ["parent_annotation"] = a.ParentAnnotation,
    };

    public static JsonObject Prediction(EmulatedPrediction p) => new()
    {
        ["id"] = p.Id,
        ["result"] = p.Result.DeepClone(),
        ["model_version"] = p.ModelVersion,
        ["created_ago"] = "0\u00a0minutes",
        ["score"] = p.Score,
        ["cluster"] = null,
        ["neighbors"] = null,
        ["mislabeling"] = 0.0,
        ["created_at"] = Time(p.CreatedAt),
        ["updated_at"] = Time(p.UpdatedAt),
        ["model"] = null,
        ["model_run"] = null,
        ["task"] = p.Task,
        ["project"] = p.Project,
    };

    public static JsonObject View(EmulatedView v) => new()
    {
        ["id"] = v.Id,
        ["data"] = ViewData(v.Data),
        ["project"] = v.Project,
        ["order"] = v.Id,
        ["selected_items"] = null,
        ["filter_group"] = null,
        ["is_locked"] = false,
        ["locked_at"] = null,
        ["locked_by"] = null,
        ["user"] = 1,
    };

    public static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task DetailAsync(HttpContext context, int status, string detail) =>
        WriteAsync(context, status, new JsonObject { ["detail"] = detail });

    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static long? QueryLong(HttpContext context, string name) =>
        long.TryParse(context.Request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>A view's data as Label Studio answers it: the filters come back from its FilterGroup/Filter rows, not as
    /// they were sent (label_studio/data_manager/serializers.py ViewSerializer: to_internal_value keeps each item's
    /// filter, operator, type and value; to_representation rebuilds the items, and develop's nested filters add
    /// <c>child_filters: []</c> to each), so a client comparing the raw JSON it sent never sees its own tab.</summary>
    private static JsonObject ViewData(JsonObject stored)
    {
        var data = stored.DeepClone().AsObject();
        if (data["filters"] is JsonObject { } filters && filters["items"] is JsonArray items)
        {
            filters["items"] = new JsonArray([.. items.OfType<JsonObject>().Select(item => (JsonNode)new JsonObject
            {
                ["filter"] = item["filter"]?.DeepClone() ?? "",
                ["operator"] = item["operator"]?.DeepClone() ?? "",
                ["type"] = item["type"]?.DeepClone() ?? "",
                ["value"] = item["value"]?.DeepClone() ?? new JsonObject(),
                ["child_filters"] = new JsonArray(),
            })]);
        }

        return data;
    }
}
