using System.Threading.Channels;
using LabelBridge.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LabelBridge.LabelStudio.Webhooks;

/// <summary>Webhook events accepted and answered, whose sweeps are still to be requested.</summary>
/// <remarks>Label Studio gives a webhook receiver one second (settings WEBHOOK_TIMEOUT, webhooks/utils.py run_webhook) and
/// sends it from inside the request that caused the event. Telling LabelBridge's own annotations from an annotator's
/// takes a call back to Label Studio (who the token's user is), which alone can take longer than that on a busy server, so
/// the receiver answers as soon as the delivery is authorised and parsed, and the call back and the sweep requests happen
/// here, after the answer.</remarks>
internal sealed class WebhookBacklog(WebhookSweeps sweeps, ILogger<WebhookBacklog> logger) : BackgroundService
{
    /// <summary>Events waiting at most; past it a delivery is answered 503 (a flood of events asks for the same few sweeps).</summary>
    public const int Capacity = 1024;

    private readonly Channel<(PlatformOptions Platform, WebhookEvent Webhook, IReadOnlyList<string> Projects)> queue =
        Channel.CreateBounded<(PlatformOptions, WebhookEvent, IReadOnlyList<string>)>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    private int pending;

    /// <summary>Events queued or being handled.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>Queues the event with the projects it concerns; false when the backlog is full.</summary>
    public bool TryQueue(PlatformOptions platform, WebhookEvent webhook, IReadOnlyList<string> projects)
    {
        Interlocked.Increment(ref pending);
        if (queue.Writer.TryWrite((platform, webhook, projects)))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (platform, webhook, projects) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sweeps.RequestSweepsAsync(platform, webhook, projects, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One event's failure (the store, the scheduler) must not stop the ones after it.
                Log.WebhookSweepFailed(logger, webhook.Action, platform.Name, ex.GetType().Name, ex.Message);
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }
}
