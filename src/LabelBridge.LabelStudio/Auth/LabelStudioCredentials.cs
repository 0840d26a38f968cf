using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;

namespace LabelBridge.LabelStudio.Auth;

/// <summary>Produces the Authorization header for one Label Studio server: a legacy key as <c>Token</c>, or a personal
/// access token exchanged at <c>api/token/refresh/</c> for short-lived access tokens sent as <c>Bearer</c>.</summary>
/// <remarks>Access tokens are renewed shortly before they expire (by the injected clock) and whenever the server answers 401.</remarks>
internal sealed class LabelStudioCredentials : IDisposable
{
    private static readonly TimeSpan RenewMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AssumedAccessLifetime = TimeSpan.FromMinutes(4);

    private readonly string platform;
    private readonly PlatformAuthScheme scheme;
    private readonly Secret secret;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private string? accessToken;
    private DateTimeOffset accessExpiresAt;

    public LabelStudioCredentials(string platform, PlatformAuthScheme scheme, Secret secret, TimeProvider timeProvider)
    {
        this.platform = platform;
        this.scheme = scheme;
        this.secret = secret;
        this.timeProvider = timeProvider;
    }

    /// <summary>Exchanges a refresh token for an access token; null when the server refused the refresh token.</summary>
    public delegate Task<string?> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    public bool UsesAccessTokens => scheme == PlatformAuthScheme.Bearer;

    /// <summary>The secret itself, so callers can make sure it never reaches a message.</summary>
    internal string SecretValue => secret.Reveal();

    /// <param name="refresh">Performs the exchange at <c>api/token/refresh/</c>.</param>
    /// <param name="rejected">The header the server just answered 401 to, so it is renewed (once, however many callers saw it).</param>
    /// <param name="cancellationToken">Cancels the wait and the exchange.</param>
    public async Task<string> GetAuthorizationAsync(RefreshAsync refresh, string? rejected, CancellationToken cancellationToken)
    {
        if (scheme == PlatformAuthScheme.Token)
        {
            return $"Token {secret.Reveal()}";
        }

        if (scheme != PlatformAuthScheme.Bearer)
        {
            throw new PlatformUnavailableException(platform, $"AuthScheme {scheme} is not supported by Label Studio: use Bearer (personal access token) or Token (legacy API token).") { CredentialsRefused = true };
        }

        await refreshGate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            var wasRejected = rejected is not null && rejected == $"Bearer {accessToken}";
            if (wasRejected || accessToken is null || now >= accessExpiresAt - RenewMargin)
            {
                await RenewAsync(refresh, now, cancellationToken);
            }

            return $"Bearer {accessToken}";
        }
        finally
        {
            refreshGate.Release();
        }
    }

    public void Dispose() => refreshGate.Dispose();

    private async Task RenewAsync(RefreshAsync refresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refreshToken = secret.Reveal();
        var claims = JwtPayload.TryRead(refreshToken);
        if (claims is null)
        {
            throw new PlatformUnavailableException(platform,
                "AuthScheme is Bearer but the credential is not a personal access token (a JWT); it looks like a legacy API token: set AuthScheme to Token, or create a personal access token in Label Studio (Account & Settings).") { CredentialsRefused = true };
        }

        if (claims.TokenType is not null && claims.TokenType != "refresh")
        {
            throw new PlatformUnavailableException(platform,
                $"the configured JWT has token_type '{claims.TokenType}'; LabelBridge needs the personal access token itself (token_type 'refresh') from Account & Settings.") { CredentialsRefused = true };
        }

        if (claims.ExpiresAt is { } refreshExpiry && refreshExpiry <= now)
        {
            throw new PlatformUnavailableException(platform,
                "the personal access token has expired: create a new one in Label Studio (Account & Settings → Personal Access Token).") { CredentialsRefused = true };
        }

        var access = await refresh(refreshToken, cancellationToken)
            ?? throw new PlatformUnavailableException(platform,
                "Label Studio refused the personal access token at api/token/refresh/ (revoked or expired): create a new one in Account & Settings, or use a legacy API token with AuthScheme Token.") { CredentialsRefused = true };
        accessToken = access;
        accessExpiresAt = JwtPayload.TryRead(access)?.ExpiresAt ?? now + AssumedAccessLifetime;
    }
}
