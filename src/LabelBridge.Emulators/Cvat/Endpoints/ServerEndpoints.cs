
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
    }
}
