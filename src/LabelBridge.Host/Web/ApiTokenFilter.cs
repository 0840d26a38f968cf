using LabelBridge.Core.Configuration;
using LabelBridge.Host.Web.Session;

namespace LabelBridge.Host.Web;

/// <summary>Requires <c>Authorization: Bearer &lt;Web.ApiToken&gt;</c> or the triage page's session cookie, compared in constant time.</summary>
internal sealed class ApiTokenFilter(Secret token, ILogger<ApiTokenFilter> logger) : IEndpointFilter
{
    private readonly ApiCredentials credentials = new(token);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            if (!credentials.IsToken(header[scheme.Length..].Trim()))
            {
                Log.ApiRefused(logger, request.Path, "wrong token");
                return TypedResults.Problem("The API token is not valid.", statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(context);
        }

        if (request.Cookies.TryGetValue(ApiCredentials.CookieName, out var cookie))
        {
            if (!credentials.IsSessionCookie(cookie))
            {
                Log.ApiRefused(logger, request.Path, "stale session cookie");
                return TypedResults.Problem("The session has expired or the API token changed: sign in again.", statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(context);
        }

        Log.ApiRefused(logger, request.Path, "no bearer token");
        return TypedResults.Problem("Send the API token as 'Authorization: Bearer <token>' (Web.ApiToken).", statusCode: StatusCodes.Status401Unauthorized);
    }
}
