namespace LabelBridge.Emulators.Faults;

/// <summary>Faults a test switches on in an emulator: each rule applies to the next <c>count</c> requests whose path
/// contains its text; the switches apply until turned off.</summary>
public sealed class EmulatorFaults
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];

    /// <summary>Answer every API request with an HTML login page (status 200), as a proxy or SSO front does.</summary>
    public bool ServeHtmlLoginPage { get; set; }

    /// <summary>Serve images cut to half their length while announcing the full length.</summary>
    public bool TruncateImages { get; set; }

    /// <summary>Lists never end: CVAT answers a <c>next</c> on every page, Label Studio a <c>total</c> of 10^9; pages
    /// past the real end serve the last page again.</summary>
    public bool EndlessPages { get; set; }

    /// <summary>The next matching requests answer normally but send their body one byte every <paramref name="interval"/>
    /// (headers at once), as a stalled server or network does.</summary>
    public void StallBodyNext(int count, TimeSpan interval, string pathContains) =>
        Add(new FaultRule(FaultKind.StallBody, count, pathContains, 0, interval));

    /// <summary>The next matching requests answer normally, then keep sending whitespace (still valid JSON) until the
    /// body is <paramref name="bytes"/> long, without a Content-Length, as an oversized answer of a huge job does.</summary>
    public void PadBodyNext(int count, long bytes, string pathContains) =>
        Add(new FaultRule(FaultKind.PadBody, count, pathContains, 0, TimeSpan.Zero, bytes));

    /// <summary>The next matching requests answer <paramref name="status"/> with an error body that repeats the request's
    /// Authorization header, as a server or proxy in debug mode does when it dumps the request it refused.</summary>
    public void EchoCredentialsNext(int count, int status, string pathContains) =>
        Add(new FaultRule(FaultKind.EchoCredentials, count, pathContains, status, TimeSpan.Zero));

    /// <summary>The next matching requests answer <paramref name="status"/> (with Retry-After when given).</summary>
    public void FailNext(int count, int status, string pathContains = "/api/", TimeSpan? retryAfter = null) =>
        Add(new FaultRule(FaultKind.Status, count, pathContains, status, retryAfter ?? TimeSpan.Zero));

    /// <summary>The next matching requests stall for <paramref name="delay"/> before being answered (a request whose client
    /// goes away stops stalling and is never answered).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long each stalls.</param>
    /// <param name="pathContains">Text the request path contains.</param>
    /// <param name="method">Only requests with this method (e.g. <c>POST</c>); any method when null.</param>
    public void DelayNext(int count, TimeSpan delay, string pathContains = "/api/", string? method = null) =>
        Add(new FaultRule(FaultKind.Delay, count, pathContains, 0, delay) { Method = method });

    /// <summary>The next matching requests have their connection dropped without an answer.</summary>
    public void DropNext(int count, string pathContains = "/api/") =>
        Add(new FaultRule(FaultKind.Drop, count, pathContains, 0, TimeSpan.Zero));

    /// <summary>The next matching requests are carried out, then their connection is dropped before any of the answer goes
    /// out, as a proxy timing out on a slow write or a network cut does: the client cannot tell whether they landed.</summary>
    public void DropAnswerNext(int count, string pathContains, string? method = null) =>
        Add(new FaultRule(FaultKind.DropAnswer, count, pathContains, 0, TimeSpan.Zero) { Method = method });

    /// <summary>The next matching requests, whose body is a JSON list, are carried out with only its first
    /// <paramref name="keep"/> items, as a server that skips items it does not accept yet answers success does (Label
    /// Studio's prediction import with its validation flag off creates the valid predictions and answers their count,
    /// label_studio/data_import/api.py ImportPredictionsAPI._create_legacy).</summary>
    public void KeepFirstItemsNext(int count, int keep, string pathContains) =>
        Add(new FaultRule(FaultKind.KeepFirstItems, count, pathContains, 0, TimeSpan.Zero, keep));

    /// <summary>Drops every pending rule: the server behaves normally from now on.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    internal FaultRule? Take(string path, string method)
    {
        lock (gate)
        {
            var rule = rules.Find(r => path.Contains(r.PathContains, StringComparison.Ordinal)
                && (r.Method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)));
            if (rule is not null && --rule.Remaining == 0)
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
    DropAnswer,
    StallBody,
    PadBody,
    EchoCredentials,
    KeepFirstItems,
}

internal sealed class FaultRule(FaultKind kind, int count, string pathContains, int status, TimeSpan duration, long bytes = 0)
{
    public long Bytes { get; } = bytes;

    public FaultKind Kind { get; } = kind;

    public int Remaining { get; set; } = count;

    public string PathContains { get; } = pathContains;

    public string? Method { get; init; }

    public int Status { get; } = status;

    public TimeSpan Duration { get; } = duration;
}
