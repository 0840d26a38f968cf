using Refit;

namespace LabelBridge.LabelStudio.Api;

/// <summary>The exchange of a personal access token for an access token: the one call sent without an access token,
/// so it goes through a client without the auth handler.</summary>
internal interface ILabelStudioTokenApi
{
    [Post("/api/token/refresh/")]
    Task<IApiResponse<LsTokenRefreshResponse>> RefreshTokenAsync([Body] LsTokenRefreshRequest request, CancellationToken cancellationToken);
}
