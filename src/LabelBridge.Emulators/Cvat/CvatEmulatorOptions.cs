namespace LabelBridge.Emulators.Cvat;

/// <summary>Credentials and identity of an emulated CVAT server.</summary>
public sealed class CvatEmulatorOptions
{
    /// <summary>Loopback port to listen on; 0 (the default) takes a free one. A fixed port keeps the server's URL, and with it
    /// the embedding cache keys, the same across runs (the sweep bench re-sweeps a kept store this way).</summary>
    public int Port { get; set; }

    /// <summary>Reported by <c>/api/server/about</c>. Default 2.52.1, the version of the reference schema.</summary>
    public string Version { get; set; } = "2.52.1";

    /// <summary>False emulates a server from before personal access tokens: Bearer credentials are not recognised.</summary>
    public bool AcceptsAccessTokens { get; set; } = true;

    public string AccessToken { get; set; } = "pat-" + Guid.NewGuid().ToString("N");

    /// <summary>True makes <see cref="AccessToken"/> a read-only token, CVAT's default when a token is created in the user
    /// profile: every request but GET, HEAD and OPTIONS made with it answers 403. Default false, the write-capable token
    /// LabelBridge's README tells the admin to create.</summary>
    public bool AccessTokenReadOnly { get; set; }

    /// <summary>A second user's access token, for a reviewer acting in CVAT beside LabelBridge (webhook senders differ).</summary>
    public string ReviewerAccessToken { get; set; } = "pat-" + Guid.NewGuid().ToString("N");

    public string ReviewerUsername { get; set; } = "reviewer1";

    public string LegacyKey { get; set; } = Guid.NewGuid().ToString("N");

    public string Username { get; set; } = "admin1";

    public string Password { get; set; } = "emulated-password";

    /// <summary>True (the default) reads request bodies by Content-Length only, as CVAT's Django does under WSGI: a
    /// chunked body without Content-Length arrives empty (see <see cref="Wsgi.ContentLengthBodies"/>).</summary>
    public bool ReadBodiesByContentLengthOnly { get; set; } = true;

    /// <summary>Page size when a list request has none. CVAT's default is 10.</summary>
    public int DefaultPageSize { get; set; } = 10;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
