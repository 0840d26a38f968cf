using System.Collections.Frozen;
using Microsoft.AspNetCore.StaticFiles;

namespace LabelBridge.Host.Web.TriagePage;

/// <summary>Serves the reviewer triage page (bundled at build time from src/LabelBridge.TriagePage and embedded) at
/// <c>/triage/</c>. It needs no token: it holds no data, and its API calls ask for the token or session cookie.</summary>
internal static class TriagePageEndpoints
{
    private const string ResourcePrefix = "triage/";

    public static IEndpointRouteBuilder MapTriagePage(this IEndpointRouteBuilder app)
    {
        var files = LoadEmbeddedFiles();
        app.MapGet("/", (HttpRequest request) => TypedResults.Redirect("triage/" + request.QueryString)).ExcludeFromDescription();
        app.MapGet("/triage/", (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Serve(files, "index.html", "no-cache", context)
            : TypedResults.Redirect("triage/" + context.Request.QueryString)).ExcludeFromDescription();
        app.MapGet("/triage/assets/{file}", (string file, HttpContext context) =>
            Serve(files, "assets/" + file, "public, max-age=31536000, immutable", context)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(FrozenDictionary<string, PageFile> files, string path, string cacheControl, HttpContext context)
    {
        if (!files.TryGetValue(path, out var file))
        {
            return TypedResults.Problem(
                files.Count == 0 ? "The triage page was not built into this worker (its build needs node and npm)." : $"The triage page has no file '{path}'.",
                statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, PageFile> LoadEmbeddedFiles()
    {
        var assembly = typeof(TriagePageEndpoints).Assembly;
        var contentTypes = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, PageFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var contentType = contentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }

            files[path] = new PageFile(buffer.ToArray(), contentType);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record PageFile(byte[] Content, string ContentType);
}
