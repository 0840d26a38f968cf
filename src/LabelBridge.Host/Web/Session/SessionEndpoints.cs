using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LabelBridge.Host.Web.Session;

/// <summary>Signs the triage page in and out: the token posted once becomes an HttpOnly cookie that expires, so images
/// and API calls from the page need no token in script; signing out revokes it.</summary>
internal static class SessionEndpoints
{
    /// <summary>A token fits in far less; anything larger is not a sign-in and is refused before it is read.</summary>
    public const long MaxSignInBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", SignIn)
            .WithMetadata(new RequestSizeLimitAttribute(MaxSignInBytes))
            .WithSummary("Exchange the API token for the session cookie the triage page uses");
        app.MapDelete("/api/session", SignOut).WithSummary("Revoke and clear the session cookie");
        return app;
    }

    private static Results<NoContent, ProblemHttpResult> SignIn(
        SessionRequest? body, ApiCredentials credentials, SignInThrottle throttle, HttpContext context, ILoggerFactory loggers)
    {
        var client = context.Connection.RemoteIpAddress;
        if (Throttled(throttle, context) is { } refused)
        {
            return refused;
        }

        if (!credentials.IsToken(body?.Token?.Trim()))
        {
            throttle.RecordFailure(client);
            Log.ApiRefused(loggers.CreateLogger(typeof(SessionEndpoints).FullName!), context.Request.Path, "wrong token at sign-in");
            return TypedResults.Problem("The API token is not valid.", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(ApiCredentials.CookieName, credentials.IssueCookie(), Options(context, credentials.Lifetime));
        return TypedResults.NoContent();
    }

    private static NoContent SignOut(ApiCredentials credentials, HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(ApiCredentials.CookieName, out var cookie))
        {
            credentials.Revoke(cookie);
        }

        context.Response.Cookies.Delete(ApiCredentials.CookieName, Options(context, lifetime: null));
        return TypedResults.NoContent();
    }

    /// <summary>429 with Retry-After when this client has guessed wrong too often; null when it may try.</summary>
    public static ProblemHttpResult? Throttled(SignInThrottle throttle, HttpContext context)
    {
        var wait = throttle.RetryAfter(context.Connection.RemoteIpAddress);
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"Too many wrong API tokens from this address; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static CookieOptions Options(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = context.Request.IsHttps,
        IsEssential = true,
        MaxAge = lifetime,
    };
}

internal sealed record SessionRequest(string? Token);
