namespace LabelBridge.Core.Configuration;

/// <summary>How credentials are sent to a platform.</summary>
public enum PlatformAuthScheme
{
    /// <summary>CVAT: a personal access token sent as Bearer. Label Studio: a personal access token (JWT refresh token) exchanged for short-lived access tokens.</summary>
    Bearer,

    /// <summary>Legacy API key sent as <c>Authorization: Token &lt;key&gt;</c> (older CVAT, Label Studio legacy tokens).</summary>
    Token,

    /// <summary>HTTP basic auth with <see cref="PlatformOptions.Username"/> and the secret as password (CVAT).</summary>
    Basic,
}
