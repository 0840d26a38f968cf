
namespace LabelBridge.Emulators.Cvat.Endpoints;

internal static class ServerEndpoints
{
    public static void Map(IEndpointRouteBuilder app, CvatApiContext api)
    {
        app.MapGet("/api/server/about", () => CvatJson.Ok(new
        {
            Name = "Computer Vision Annotation Tool",
            Description = "CVAT is completely re-designed and re-implemented version of Video Annotation Tool.",
            Version = api.Options.Version,
            LogoUrl = "",
            Subtitle = "Open Data Annotation Platform",
        }));

        app.MapGet("/api/users/self", (HttpContext context) => CvatJson.Ok(new
        {
            Id = 1,
            Username = api.Options.Username,
            FirstName = "Admin",
            LastName = "First",
            Url = CvatApiContext.Url(context, "/api/users/1"),
        }));

        // cvat/apps/access_tokens/views.py AccessTokensViewSet.self: only AccessTokenAuthentication is allowed there, so a
        // request signed with an API key or a password is unauthenticated; the body is AccessTokenReadSerializer without
        // `value` (the raw token is shown once, at creation). Servers before access tokens have no such route.
        app.MapGet("/api/auth/access_tokens/self", (HttpContext context) =>
        {
            if (!api.Options.AcceptsAccessTokens)
            {
                return CvatJson.Error(StatusCodes.Status404NotFound, "Not found.");
            }

            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return CvatJson.Error(StatusCodes.Status401Unauthorized, "Authentication credentials were not provided.");
            }

            var created = api.Now();
            return CvatJson.Ok(new
            {
                Id = 1,
                Name = "labelbridge",
                CreatedDate = created,
                UpdatedDate = created,
                ExpiryDate = (string?)null,
                LastUsedDate = (string?)null,
                ReadOnly = api.Options.AccessTokenReadOnly,
                Owner = new
                {
                    Id = 1,
                    Username = api.Options.Username,
                    FirstName = "Admin",
                    LastName = "First",
                    Url = CvatApiContext.Url(context, "/api/users/1"),
                },
            });
        });
    }
}
