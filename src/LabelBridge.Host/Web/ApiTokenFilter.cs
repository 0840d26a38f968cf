using System.Security.Cryptography;
using System.Text;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Host.Web;

/// <summary>Requires <c>Authorization: Bearer &lt;Web.ApiToken&gt;</c>, compared in constant time.</summary>
internal sealed class ApiTokenFilter(Secret token, ILogger<ApiTokenFilter> logger) : IEndpointFilter
{
    private readonly byte[] expected = Encoding.UTF8.GetBytes(token.Reveal());

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            Log.ApiRefused(logger, context.HttpContext.Request.Path, "no bearer token");
            return TypedResults.Problem("Send the API token as 'Authorization: Bearer <token>' (Web.ApiToken).", statusCode: StatusCodes.Status401Unauthorized);
        }

        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
        {
            Log.ApiRefused(logger, context.HttpContext.Request.Path, "wrong token");
            return TypedResults.Problem("The API token is not valid.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
