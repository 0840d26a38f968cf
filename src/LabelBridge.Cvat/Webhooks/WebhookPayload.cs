using System.Globalization;
using System.Text.Json;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>The parts of a CVAT webhook delivery LabelBridge needs: the event, who caused it, and where to find its project.</summary>
/// <remarks>CVAT sends <c>{"event": "update:job", "webhook_id": 3, "job": {..., "project_id": 5}, "sender": {"id": 1, ...}}</c>
/// (cvat/apps/webhooks/services.py); the resource sits under its own name, and a project is its own project. Issues
/// and comments carry no project: IssueReadSerializer has <c>job</c>, CommentReadSerializer has <c>issue</c>, so
/// <see cref="JobId"/> or <see cref="IssueId"/> lead to it.</remarks>
internal sealed record WebhookPayload(string Event, string? ProjectId, long? JobId = null, long? IssueId = null, long? SenderId = null)
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
            long? projectId = null, jobId = null, issueId = null;
            if (root.TryGetProperty(resource, out var subject) && subject.ValueKind == JsonValueKind.Object)
            {
                projectId = resource == "project" ? Number(subject, "id") : Number(subject, "project_id");
                jobId = resource switch
                {
                    "job" => Number(subject, "id"),
                    "issue" => Number(subject, "job"),
                    _ => null,
                };
                issueId = resource == "comment" ? Number(subject, "issue") : null;
            }

            var senderId = root.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.Object ? Number(sender, "id") : null;
            return new WebhookPayload(name, projectId?.ToString(CultureInfo.InvariantCulture), jobId, issueId, senderId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) ? id : null;
}
