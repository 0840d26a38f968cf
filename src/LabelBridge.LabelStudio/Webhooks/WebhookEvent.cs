using System.Globalization;
using System.Text.Json;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>The parts of a Label Studio webhook (or ML backend webhook) payload that decide whether to sweep.</summary>
/// <param name="Action">E.g. <c>ANNOTATION_CREATED</c>, <c>TASKS_CREATED</c>.</param>
/// <param name="ProjectId">The Label Studio project id, when the payload names one.</param>
/// <param name="AuthorIds">Users who completed the annotations in the payload (empty for task events).</param>
internal sealed record WebhookEvent(string Action, long? ProjectId, IReadOnlyList<long> AuthorIds)
{
    private static readonly HashSet<string> SweepActions = new(StringComparer.Ordinal)
    {
        "ANNOTATION_CREATED", "ANNOTATIONS_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_DELETED",
        "TASKS_CREATED", "TASKS_DELETED", "START_TRAINING",
    };

    public bool AsksForSweep => SweepActions.Contains(Action);

    public static WebhookEvent? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var projectId = ProjectIdOf(root);
        var authors = new List<long>();
        if (root.TryGetProperty("annotation", out var annotation))
        {
            // ANNOTATIONS_CREATED sends the key "annotation" with a list ('many': True in label_studio/webhooks/models.py
            // WebhookAction.ACTIONS), and "task" likewise; ANNOTATION_CREATED sends one object under the same keys.
            authors.AddRange(EachObject(annotation).Select(a => IdOf(a, "completed_by")).OfType<long>());
        }

        if (root.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Array)
        {
            authors.AddRange(annotations.EnumerateArray().Select(a => IdOf(a, "completed_by")).OfType<long>());
        }

        return new WebhookEvent(action.GetString()!, projectId, authors);
    }

    /// <summary>The project id named by a webhook or ML backend payload, wherever it sits.</summary>
    public static long? ProjectIdOf(JsonElement root) =>
        IdOf(root, "project")
            ?? Nested(root, "task", "project")
            ?? Nested(root, "annotation", "project")
            ?? FirstInArray(root, "tasks", "project")
            ?? FirstInArray(root, "annotations", "project");

    /// <summary>A number, a numeric string (the ML backend sends <c>"12.1700000000"</c>: project id, dot, timestamp), or an object with an id.</summary>
    private static long? IdOf(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var id) => id,
            JsonValueKind.String when long.TryParse(value.GetString()!.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
            JsonValueKind.Object => IdOf(value, "id"),
            _ => null,
        };
    }

    private static long? Nested(JsonElement root, string parent, string name) =>
        root.TryGetProperty(parent, out var child) ? EachObject(child).Select(c => IdOf(c, name)).FirstOrDefault(id => id is not null) : null;

    /// <summary>The element itself when it is an object, each object in it when it is a list.</summary>
    private static IEnumerable<JsonElement> EachObject(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => [element],
        JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object),
        _ => [],
    };

    private static long? FirstInArray(JsonElement root, string array, string name) =>
        root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0
            ? IdOf(items[0], name)
            : null;
}
