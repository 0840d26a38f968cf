using System.ComponentModel.DataAnnotations;

namespace LabelBridge.Core.Configuration;

/// <summary>The web host of <c>labelbridge serve</c>: API, triage page, webhooks.</summary>
public sealed class WebOptions : IOptionsSection<WebOptions>
{
    public static string SectionName => "Web";

    public static WebOptions Of(LabelBridgeOptions configuration) => configuration?.Web ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary>Listen address. Default <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>URL reviewers use to reach the triage page; links in CVAT issues point here. Empty: no links.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Token the web API requires (everything but /health).</summary>
    public SecretOptions ApiToken { get; set; } = new();

    /// <summary>How long a triage-page sign-in lasts before the reviewer is asked for the token again. Default 12 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Largest webhook body accepted, in bytes. Default 1 MiB.</summary>
    [Range(1024L, long.MaxValue)]
    public long MaxWebhookBytes { get; set; } = 1024 * 1024;

    /// <summary>Webhook-triggered sweeps wait this long for more events before starting. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807")]
    public TimeSpan WebhookDebounce { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A CVAT delivery whose resource was last updated longer ago than this, or whose signed body was already
    /// received within it, requests no sweep (CVAT signs no send time, so a captured delivery would stay valid for ever).
    /// Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan WebhookMaxAge { get; set; } = TimeSpan.FromHours(1);
}
