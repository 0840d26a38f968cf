using System.Globalization;
using System.Text.Json;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>The parts of a CVAT webhook delivery LabelBridge needs: the event and the project it concerns.</summary>
/// <remarks>CVAT sends <c>{"event": "update:job", "job": {..., "project_id": 5}, "before_update": {...}, "sender": {...}}</c>;
/// the resource sits under its own name, and a project is its own project.</remarks>
internal sealed record WebhookPayload(string Event, string? ProjectId)
{
    public bool IsPing => Event == "ping";

    public static WebhookPayload? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var eventElement) || eventElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var name = eventElement.GetString()!;
            var resource = name.Contains(':', StringComparison.Ordinal) ? name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..] : name;
            string? projectId = null;
            if (root.TryGetProperty(resource, out var subject) && subject.ValueKind == JsonValueKind.Object)
            {
                projectId = resource == "project" ? Number(subject, "id") : Number(subject, "project_id");
            }

            return new WebhookPayload(name, projectId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id)
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}
