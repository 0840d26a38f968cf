using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Endpoints;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Webhooks;

/// <summary>One webhook request the emulator sent: the answer's status, or none when the receiver did not answer within
/// Label Studio's webhook timeout (or could not be reached).</summary>
public sealed record LabelStudioWebhookDelivery(long WebhookId, string Action, int? Status, bool TimedOut, TimeSpan Elapsed);

/// <summary>Sends Label Studio webhooks the way Label Studio does: inside the request that caused the event, one POST per
/// active webhook of the project (and the organization's), with the webhook's headers, given up after the timeout.</summary>
/// <remarks>label_studio/webhooks/utils.py: <c>emit_webhooks_for_instance</c> selects the active webhooks for the project
/// or the organization that send all actions, <c>run_webhook</c> posts <c>{"action": ..., **payload}</c> with
/// <c>requests.post(url, headers=webhook.headers, json=data, timeout=settings.WEBHOOK_TIMEOUT)</c> and logs any
/// <c>RequestException</c> (a timeout too) and carries on; settings WEBHOOK_TIMEOUT is 1.0 s unless configured. The payload
/// of ANNOTATION_CREATED is the annotation under <c>annotation</c>, its task under <c>task</c> and the project under
/// <c>project</c> (webhooks/models.py WebhookAction.ACTIONS).</remarks>
internal sealed class LabelStudioWebhookSender(IHttpClientFactory httpClients, LabelStudioModel model, TimeSpan timeout)
{
    private readonly List<LabelStudioWebhookDelivery> deliveries = [];

    public IReadOnlyList<LabelStudioWebhookDelivery> Deliveries
    {
        get
        {
            lock (deliveries)
            {
                return [.. deliveries];
            }
        }
    }

    /// <summary>An annotator submits an annotation: it is saved, then ANNOTATION_CREATED goes to the project's webhooks.</summary>
    public async Task<IReadOnlyList<LabelStudioWebhookDelivery>> AnnotateAsync(long taskId, JsonArray result, long completedBy, CancellationToken cancellationToken)
    {
        var annotation = model.AddAnnotation(taskId, result, completedBy: completedBy);
        var task = model.Task(taskId)!;
        var project = model.Project(task.Project)!;
        var payload = new JsonObject
        {
            ["annotation"] = Render.Annotation(annotation, task.Project),
            ["task"] = Render.Task(task, [], withAnnotations: false),
            ["project"] = Render.Project(project, model.Tasks(project.Id).Count),
        };
        return await EmitAsync(task.Project, "ANNOTATION_CREATED", payload, cancellationToken);
    }

    private async Task<IReadOnlyList<LabelStudioWebhookDelivery>> EmitAsync(long projectId, string action, JsonObject payload, CancellationToken cancellationToken)
    {
        var sent = new List<LabelStudioWebhookDelivery>();
        foreach (var hook in model.Webhooks().Where(h => h.IsActive && h.SendForAllActions && (h.Project is null || h.Project == projectId)))
        {
            var data = new JsonObject { ["action"] = action };
            foreach (var (key, value) in payload)
            {
                data[key] = value?.DeepClone();
            }

            sent.Add(await RunAsync(hook, action, data, cancellationToken));
        }

        lock (deliveries)
        {
            deliveries.AddRange(sent);
        }

        return sent;
    }

    private async Task<LabelStudioWebhookDelivery> RunAsync(EmulatedWebhook hook, string action, JsonObject data, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient(nameof(LabelStudioWebhookSender));
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(data.ToJsonString(), Encoding.UTF8, "application/json") };
            foreach (var (name, value) in hook.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request, deadline.Token);
            return new LabelStudioWebhookDelivery(hook.Id, action, (int)response.StatusCode, TimedOut: false, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LabelStudioWebhookDelivery(hook.Id, action, Status: null, TimedOut: true, clock.Elapsed);
        }
        catch (HttpRequestException)
        {
            return new LabelStudioWebhookDelivery(hook.Id, action, Status: null, TimedOut: false, clock.Elapsed);
        }
    }
}
