using System.Net;

namespace LabelBridge.LabelStudio.Auth;

/// <summary>Puts one server's credentials on every request, and when the server answers 401 to an access token it
/// renews the token once (however many requests saw the 401) and repeats the request.</summary>
/// <remarks>Label Studio's access tokens live minutes (<c>jwt_auth</c>'s <c>ACCESS_TOKEN_LIFETIME</c>) and the server
/// may restart with a new signing key, so a 401 on a token that was valid a moment ago is routine, not an outage. The
/// body is buffered first so the repeat sends it again, whole and with Content-Length.</remarks>
internal sealed class LabelStudioAuthHandler(LabelStudioCredentials credentials, LabelStudioCredentials.RefreshAsync refresh) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = await credentials.GetAuthorizationAsync(refresh, null, cancellationToken);
        if (request.Content is { } content && credentials.UsesAccessTokens)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await SendWithAsync(request, authorization, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !credentials.UsesAccessTokens)
        {
            return response;
        }

        response.Dispose();
        authorization = await credentials.GetAuthorizationAsync(refresh, authorization, cancellationToken);
        return await SendWithAsync(request, authorization, cancellationToken);
    }

    private Task<HttpResponseMessage> SendWithAsync(HttpRequestMessage request, string authorization, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return base.SendAsync(request, cancellationToken);
    }
}
