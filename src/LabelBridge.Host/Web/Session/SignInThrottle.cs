using System.Net;

namespace LabelBridge.Host.Web.Session;

/// <summary>Slows token guessing: after <see cref="MaxFailures"/> wrong tokens or cookies from one client address within
/// <see cref="Window"/>, that client is refused (429) without checking until the oldest failure leaves the window.</summary>
/// <remarks>Only failures count, so a reviewer's own page is never throttled. The table is bounded: clients whose
/// failures have all left the window are forgotten, and past <see cref="MaxClients"/> the stalest are dropped first.</remarks>
internal sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;

    public const int MaxClients = 10_000;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    private readonly Lock gate = new();

    /// <summary>How long the client must wait before it may try again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? client)
    {
        var key = Key(client);
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!failures.TryGetValue(key, out var recent))
            {
                return TimeSpan.Zero;
            }

            Expire(recent, now);
            return recent.Count < MaxFailures ? TimeSpan.Zero : recent.Peek() + Window - now;
        }
    }

    public void RecordFailure(IPAddress? client)
    {
        var key = Key(client);
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!failures.TryGetValue(key, out var recent))
            {
                if (failures.Count >= MaxClients)
                {
                    Forget(now);
                }

                recent = new Queue<DateTimeOffset>();
                failures[key] = recent;
            }

            Expire(recent, now);
            recent.Enqueue(now);
            while (recent.Count > MaxFailures)
            {
                recent.Dequeue();
            }
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (client, recent) in failures)
        {
            Expire(recent, now);
            if (recent.Count == 0)
            {
                failures.Remove(client);
            }
        }

        while (failures.Count >= MaxClients)
        {
            var stalest = failures.MinBy(pair => pair.Value.Last()).Key;
            failures.Remove(stalest);
        }
    }

    private static void Expire(Queue<DateTimeOffset> recent, DateTimeOffset now)
    {
        while (recent.Count > 0 && recent.Peek() + Window <= now)
        {
            recent.Dequeue();
        }
    }

    private static string Key(IPAddress? client) =>
        client is null ? "unknown" : client.IsIPv4MappedToIPv6 ? client.MapToIPv4().ToString() : client.ToString();
}
