using System.Security.Cryptography;

namespace LabelBridge.Cvat.Webhooks;

/// <summary>Bounds what a replayed CVAT delivery can do: a signed body seen before (within the window) or a resource
/// last changed longer ago than the window requests no sweep.</summary>
/// <remarks>CVAT signs only the body and sends neither a delivery id nor a send time (cvat/apps/webhooks/utils.py,
/// perform_webhook_request: <c>X-Signature-256</c> over <c>json.dumps(payload)</c>), so a captured delivery stays valid
/// for ever. What a delivery does carry is the webhook's id and the resource's <c>updated_date</c> (every read serializer
/// of a project, task, job, issue and comment has it, and a save sets it), which together with the rest of the body tell
/// one delivery from another: a repeat of the same body is a retry or a replay, and a body whose resource is older than
/// the window is not news. Delete events carry the deleted resource as it was, possibly long ago, so only the repeat
/// check applies to them. Memory is bounded by <see cref="MaxRemembered"/> digests.</remarks>
internal sealed class WebhookReplayGuard(TimeProvider timeProvider)
{
    public const int MaxRemembered = 10_000;

    private readonly Dictionary<(string Platform, string Digest), DateTimeOffset> seen = [];
    private readonly Queue<((string Platform, string Digest) Key, DateTimeOffset Until)> order = new();

    /// <summary>Why <paramref name="body"/> should request no sweep, or null when it is news.</summary>
    public string? Refusal(string platform, ReadOnlySpan<byte> body, WebhookPayload payload, TimeSpan window)
    {
        var now = timeProvider.GetUtcNow();
        if (payload.UpdatedAt is { } updated && !payload.Event.StartsWith("delete:", StringComparison.Ordinal) && now - updated > window)
        {
            return $"its {payload.Resource} was last updated at {updated:u}, longer ago than Web.WebhookMaxAge ({window}): a replayed or long-delayed delivery";
        }

        var key = (platform, Convert.ToHexStringLower(SHA256.HashData(body)));
        lock (seen)
        {
            Forget(now);
            return seen.ContainsKey(key) ? $"the same signed body was received within Web.WebhookMaxAge ({window}): a retried or replayed delivery" : null;
        }
    }

    /// <summary>Remembers a delivery that requested sweeps, so a repeat within <paramref name="window"/> requests none.</summary>
    public void Remember(string platform, ReadOnlySpan<byte> body, TimeSpan window)
    {
        var now = timeProvider.GetUtcNow();
        var key = (platform, Convert.ToHexStringLower(SHA256.HashData(body)));
        lock (seen)
        {
            Forget(now);
            while (seen.Count >= MaxRemembered && order.TryDequeue(out var oldest))
            {
                seen.Remove(oldest.Key);
            }

            seen[key] = now + window;
            order.Enqueue((key, now + window));
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (order.TryPeek(out var oldest) && oldest.Until <= now)
        {
            order.Dequeue();
            if (seen.TryGetValue(oldest.Key, out var until) && until <= now)
            {
                seen.Remove(oldest.Key);
            }
        }
    }
}
