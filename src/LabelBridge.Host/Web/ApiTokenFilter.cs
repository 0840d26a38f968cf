using LabelBridge.Host.Web.Session;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelBridge.Host.Web;

/// <summary>Requires <c>Authorization: Bearer &lt;Web.ApiToken&gt;</c> or the triage page's session cookie, compared in
/// constant time; throttles clients that guess; and refuses cross-site writes riding on the cookie.</summary>
/// <remarks>SameSite does not separate ports of one host, so a page on another port could post a form with the cookie.
/// A state-changing request authenticated by the cookie must therefore carry <see cref="CsrfHeader"/> or a JSON body:
/// neither can be sent cross-origin without a CORS preflight, which this server never grants. A bearer token cannot be
/// sent by another site at all, so bearer requests need neither.</remarks>
internal sealed class ApiTokenFilter(ApiCredentials credentials, SignInThrottle throttle, ILogger<ApiTokenFilter> logger) : IEndpointFilter
{
    public const string CsrfHeader = "X-LabelBridge-Csrf";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (SessionEndpoints.Throttled(throttle, http) is { } refused)
        {
            Log.ApiRefused(logger, request.Path, "too many wrong tokens from this client");
            return refused;
        }

        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            if (!credentials.IsToken(header[scheme.Length..].Trim()))
            {
                return Refuse(http, "wrong token", "The API token is not valid.");
            }

            return await next(context);
        }

        if (request.Cookies.TryGetValue(ApiCredentials.CookieName, out var cookie))
        {
            if (!credentials.IsSessionCookie(cookie))
            {
                return Refuse(http, "stale session cookie", "The session has expired or the API token changed: sign in again.");
            }

            if (!IsSafe(request.Method) && !request.Headers.ContainsKey(CsrfHeader) && !request.HasJsonContentType())
            {
                Log.ApiRefused(logger, request.Path, "cookie-authenticated write without the CSRF header or a JSON body");
                return TypedResults.Problem(
                    $"A write with the session cookie must send the {CsrfHeader} header or a JSON body.", statusCode: StatusCodes.Status403Forbidden);
            }

            return await next(context);
        }

        Log.ApiRefused(logger, request.Path, "no bearer token");
        return TypedResults.Problem("Send the API token as 'Authorization: Bearer <token>' (Web.ApiToken).", statusCode: StatusCodes.Status401Unauthorized);
    }

    private ProblemHttpResult Refuse(HttpContext http, string reason, string detail)
    {
        throttle.RecordFailure(http.Connection.RemoteIpAddress);
        Log.ApiRefused(logger, http.Request.Path, reason);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
