namespace LabelBridge.Emulators.Cvat.Faults;

/// <summary>Faults switched on by a test: each rule applies to the next <c>count</c> matching requests.</summary>
public sealed class CvatFaults
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];

    /// <summary>Answer every API request with an HTML login page (status 200), as a reverse proxy or expired SSO session does.</summary>
    public bool ServeHtmlLoginPage { get; set; }

    /// <summary>Serve frame images cut to half their length while announcing the full length.</summary>
    public bool TruncateImages { get; set; }

    /// <summary>The next <paramref name="count"/> requests whose path contains <paramref name="pathContains"/> answer <paramref name="status"/>.</summary>
    public void FailNext(int count, int status, string pathContains = "/api/", TimeSpan? retryAfter = null) =>
        Add(new FaultRule(FaultKind.Status, count, pathContains, status, retryAfter ?? TimeSpan.Zero));

    /// <summary>The next matching requests wait <paramref name="delay"/> before being answered.</summary>
    public void DelayNext(int count, TimeSpan delay, string pathContains = "/api/") =>
        Add(new FaultRule(FaultKind.Delay, count, pathContains, 0, delay));

    /// <summary>The next matching requests have their connection aborted without an answer.</summary>
    public void DropNext(int count, string pathContains = "/api/") =>
        Add(new FaultRule(FaultKind.Drop, count, pathContains, 0, TimeSpan.Zero));

    /// <summary>Drops every pending fault: the server behaves normally from now on.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    internal FaultRule? Take(string path)
    {
        lock (gate)
        {
            var rule = rules.Find(r => r.Remaining > 0 && path.Contains(r.PathContains, StringComparison.Ordinal));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            if (rule.Remaining == 0)
            {
                rules.Remove(rule);
            }

            return rule;
        }
    }

    private void Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1);
        lock (gate)
        {
            rules.Add(rule);
        }
    }
}

internal enum FaultKind
{
    Status,
    Delay,
    Drop,
}

internal sealed class FaultRule(FaultKind kind, int count, string pathContains, int status, TimeSpan duration)
{
    public FaultKind Kind { get; } = kind;

    public int Remaining { get; set; } = count;

    public string PathContains { get; } = pathContains;

    public int Status { get; } = status;

    public TimeSpan Duration { get; } = duration;
}
