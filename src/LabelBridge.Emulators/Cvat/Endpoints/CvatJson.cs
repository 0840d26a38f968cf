using System.Text.Json;

namespace LabelBridge.Emulators.Cvat.Endpoints;

/// <summary>CVAT's JSON conventions: snake_case field names and the <c>application/vnd.cvat+json</c> content type.</summary>
internal static class CvatJson
{
    public const string ContentType = "application/vnd.cvat+json";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), Options, context.RequestAborted);
    }

    public static IResult Ok(object body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, Options, ContentType, status);

    public static IResult Error(int status, string detail) => Ok(new { Detail = detail }, status);

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, $"No {what} matches the given query.");

    /// <summary>Field-level validation errors in Django REST framework's shape.</summary>
    public static IResult Invalid(string field, string message) =>
        Ok(new Dictionary<string, string[]> { [field] = [message] }, StatusCodes.Status400BadRequest);
}
