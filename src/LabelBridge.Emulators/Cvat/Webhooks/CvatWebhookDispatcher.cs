using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LabelBridge.Emulators.Cvat.Endpoints;

namespace LabelBridge.Emulators.Cvat.Webhooks;

/// <summary>Delivers CVAT webhook events the way CVAT does, after the request that caused them and off its path.</summary>
/// <remarks>cvat/apps/webhooks/services.py trigger_resource_saved_webhooks: every save of a project, task, job, issue or
/// comment (a <c>job.touch()</c> too) selects the active webhooks subscribed to <c>create|update:&lt;resource&gt;</c> of the
/// object's project, and queues <c>{"event", "webhook_id", "&lt;resource&gt;": the resource's read serializer, "sender":
/// BasicUserSerializer of the request's user}</c> (no <c>before_update</c> and, for issues and comments, no
/// <c>project_id</c>: IssueReadSerializer has <c>job</c>, CommentReadSerializer has <c>issue</c>). utils.py
/// perform_webhook_request signs <c>json.dumps(payload)</c> with HMAC-SHA256 into <c>X-Signature-256: sha256=...</c>.
/// Deliveries run from an RQ queue in CVAT; here from one background loop, so a receiver that calls back is not
/// waiting on the request that raised the event.</remarks>
internal sealed class CvatWebhookDispatcher(IHttpClientFactory httpClients) : IAsyncDisposable
{
    private readonly List<EmulatedWebhook> webhooks = [];
    private readonly List<WebhookDelivery> deliveries = [];
    private readonly Channel<(EmulatedWebhook Hook, string Event, string Body)> queue = Channel.CreateUnbounded<(EmulatedWebhook, string, string)>();
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private long nextId = 1;

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (deliveries)
            {
                return [.. deliveries];
            }
        }
    }

    public EmulatedWebhook Add(long projectId, Uri targetUrl, string secret, IReadOnlyList<string> events)
    {
        lock (webhooks)
        {
            var hook = new EmulatedWebhook(nextId++, projectId, targetUrl, secret, events);
            webhooks.Add(hook);
            loop ??= Task.Run(DeliverAsync);
            return hook;
        }
    }

    /// <summary>Queues <paramref name="eventKey"/> (e.g. <c>update:job</c>) for every webhook of the project subscribed to it.</summary>
    public void Raise(string eventKey, long projectId, object resource, object? sender)
    {
        List<EmulatedWebhook> selected;
        lock (webhooks)
        {
            selected = [.. webhooks.Where(h => h.ProjectId == projectId && h.Events.Contains(eventKey))];
        }

        var name = eventKey[(eventKey.IndexOf(':', StringComparison.Ordinal) + 1)..];
        foreach (var hook in selected)
        {
            var payload = new Dictionary<string, object?>
            {
                ["event"] = eventKey,
                ["webhook_id"] = hook.Id,
                [name] = resource,
                ["sender"] = sender,
            };
            queue.Writer.TryWrite((hook, eventKey, JsonSerializer.Serialize(payload, CvatJson.Options)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // Stopping mid-delivery is how the emulator shuts down.
            }
        }

        stopping.Dispose();
    }

    private async Task DeliverAsync()
    {
        using var client = httpClients.CreateClient(nameof(CvatWebhookDispatcher));
        await foreach (var (hook, eventKey, body) in queue.Reader.ReadAllAsync(stopping.Token))
        {
            var status = 0;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.TargetUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hook.Secret), Encoding.UTF8.GetBytes(body))));
                using var response = await client.SendAsync(request, stopping.Token);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // CVAT records a failed delivery (502) and carries on; 0 says nobody answered.
            }

            lock (deliveries)
            {
                deliveries.Add(new WebhookDelivery(hook.Id, eventKey, body, status));
            }
        }
    }
}
