namespace LabelBridge.Emulators.LabelStudio;

/// <summary>How the emulated server behaves.</summary>
public sealed class LabelStudioEmulatorOptions
{
    /// <summary>Clock for token expiry and timestamps; tests pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The legacy API key accepted as <c>Authorization: Token</c>.</summary>
    public string LegacyToken { get; init; } = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>False mimics an organization that disabled legacy tokens (Label Studio 1.17+).</summary>
    public bool LegacyTokensEnabled { get; set; } = true;

    /// <summary>Lifetime of access tokens issued at <c>api/token/refresh/</c>. Label Studio: 5 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of the personal access token (refresh token) handed out by <see cref="LabelStudioEmulator.StartAsync"/>.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(200);

    /// <summary>True (the default) reads request bodies by Content-Length only, as Label Studio's Django does under WSGI: a
    /// chunked body without Content-Length arrives empty (see <see cref="Wsgi.ContentLengthBodies"/>).</summary>
    public bool ReadBodiesByContentLengthOnly { get; init; } = true;

    /// <summary>How long a webhook receiver has to answer before the delivery is given up. Label Studio: settings
    /// WEBHOOK_TIMEOUT, 1.0 s by default (label_studio/core/settings/base.py), passed to <c>requests.post</c> in
    /// webhooks/utils.py run_webhook.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most values an <c>in_list</c> tab filter may hold: settings DATA_MANAGER_LIST_FILTER_MAX_VALUES, 5,000 by
    /// default (data_manager/serializers.py FilterSerializer.validate).</summary>
    public int ListFilterMaxValues { get; init; } = 5000;

    /// <summary>True (the default) serves files with ETag and Last-Modified and answers a matching conditional request 304,
    /// as nginx does for the Docker image's uploads; false streams them with neither, as <c>label-studio start</c> does (see
    /// <see cref="Endpoints.DataEndpoints"/>).</summary>
    public bool ServeImageValidators { get; init; } = true;

    /// <summary>What <c>api/version/</c> reports.</summary>
    public string Release { get; init; } = "1.21.0";
}
