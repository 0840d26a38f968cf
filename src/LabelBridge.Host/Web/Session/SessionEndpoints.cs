using Microsoft.AspNetCore.Http.HttpResults;

namespace LabelBridge.Host.Web.Session;

/// <summary>Signs the triage page in and out: the token posted once becomes an HttpOnly cookie, so images and API calls
/// from the page need no token in script.</summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", SignIn).WithSummary("Exchange the API token for the session cookie the triage page uses");
        app.MapDelete("/api/session", SignOut).WithSummary("Clear the session cookie");
        return app;
    }

    private static Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult> SignIn(SessionRequest? body, ApiCredentials credentials, HttpContext context)
    {
        if (!credentials.IsToken(body?.Token?.Trim()))
        {
            return TypedResults.Problem("The API token is not valid.", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(ApiCredentials.CookieName, credentials.CookieValue, Options(context));
        return TypedResults.NoContent();
    }

    private static NoContent SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(ApiCredentials.CookieName, Options(context));
        return TypedResults.NoContent();
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = context.Request.IsHttps,
        IsEssential = true,
    };
}

internal sealed record SessionRequest(string? Token);
