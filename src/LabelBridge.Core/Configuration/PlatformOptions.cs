using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Configuration;

/// <summary>One CVAT or Label Studio server.</summary>
public sealed class PlatformOptions
{
    /// <summary>Name projects refer to, e.g. <c>cvat-main</c>.</summary>
    public string Name { get; set; } = "";

    public PlatformKind Kind { get; set; }

    /// <summary>Base URL of the server, e.g. <c>https://cvat.example.org</c>.</summary>
    public Uri? Url { get; set; }

    public PlatformAuthScheme AuthScheme { get; set; } = PlatformAuthScheme.Bearer;

    /// <summary>The token, API key or password.</summary>
    public SecretOptions Credentials { get; set; } = new();

    /// <summary>User name for <see cref="PlatformAuthScheme.Basic"/>.</summary>
    public string? Username { get; set; }

    /// <summary>CVAT organization slug sent as <c>X-Organization</c>; empty for the personal workspace.</summary>
    public string? Organization { get; set; }

    /// <summary>Page size for list requests. Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Hosts other than the platform's own from which item images may be fetched (Label Studio tasks can point anywhere).</summary>
    public IList<string> AllowedImageHosts { get; set; } = [];

    /// <summary>Secret used to verify webhook deliveries (CVAT: HMAC key; Label Studio: the shared header value).</summary>
    public SecretOptions WebhookSecret { get; set; } = new();

    /// <summary>Per-request timeout. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long LabelBridge stops calling this platform after most of its recent requests failed (the circuit
    /// breaker is open); sweeps pause meanwhile instead of hammering a server that is down. Default 30 s, at least 0.5 s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most requests in flight to this platform at once. Default 4.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Largest encoded image accepted, in bytes. Default 64 MiB.</summary>
    public long MaxImageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest JSON answer accepted, in bytes (one page of a list, one job's annotations). A larger answer is a
    /// named problem for that one job or page instead of gigabytes of memory: JSON takes several times its size once
    /// read. Default 128 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Longest the transfer of one image, frame or JSON body may take, per attempt. A body still arriving then
    /// is a named problem for that item. Default 5 minutes.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Slowest transfer accepted for an image, frame or JSON body, in bytes per second averaged over each
    /// <see cref="TransferRateWindow"/>; a stalled body fails its item instead of holding the sweep. 0 turns the check
    /// off. Default 1024 (1 KiB/s).</summary>
    public long MinimumTransferRate { get; set; } = 1024;

    /// <summary>How long each window of the <see cref="MinimumTransferRate"/> check is. Default 30 s.</summary>
    public TimeSpan TransferRateWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most pages read from one list (tasks, jobs, issues); a list cut there is a named problem in the report.
    /// Lists also stop on a repeated page and on more items than the platform announced. Default 10,000.</summary>
    public int MaxPages { get; set; } = 10_000;
}
