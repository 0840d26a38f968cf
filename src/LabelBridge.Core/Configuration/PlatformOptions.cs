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
}
