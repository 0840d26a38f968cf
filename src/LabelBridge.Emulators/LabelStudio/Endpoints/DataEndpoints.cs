using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.LabelStudio.Model;
using Microsoft.Net.Http.Headers;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>Uploaded files under <c>/data/upload/</c>, served to authenticated users as Label Studio does, and public files
/// under <c>/static/</c> (standing in for an image host that needs no credentials).</summary>
/// <remarks>With <see cref="LabelStudioEmulatorOptions.ServeImageValidators"/> (the default) a file carries an ETag and
/// Last-Modified and a matching If-None-Match or If-Modified-Since is answered 304, as nginx does for the Docker image's
/// uploads (Label Studio answers with X-Accel-Redirect while USE_NGINX_FOR_UPLOADS is true, its default:
/// label_studio/core/settings/base.py, data_import/api.py DownloadStorageData) and as S3/GCS/Azure do behind presigned
/// URLs. Without it the file is streamed with neither header and every request gets the whole file, as Django's
/// RangedFileResponse does under <c>label-studio start</c> or USE_NGINX_FOR_UPLOADS=false (no ConditionalGetMiddleware
/// in settings MIDDLEWARE).</remarks>
internal static class DataEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model, EmulatorFaults faults, LabelStudioEmulatorOptions options, ImageRequestCounts counts)
    {
        app.MapGet("/data/upload/{**path}", (string path, HttpContext context) => ServeAsync(model.File($"/data/upload/{path}"), context, faults, options, counts));
        app.MapGet("/static/{**path}", (string path, HttpContext context) => ServeAsync(model.File($"/static/{path}"), context, faults, options, counts));
    }

    private static async Task ServeAsync(EmulatedFile? file, HttpContext context, EmulatorFaults faults, LabelStudioEmulatorOptions options, ImageRequestCounts counts)
    {
        if (file is null)
        {
            await Render.DetailAsync(context, 404, "Not found.");
            return;
        }

        if (options.ServeImageValidators)
        {
            var lastModified = new DateTimeOffset(file.ModifiedAt.UtcTicks - (file.ModifiedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            context.Response.Headers.ETag = file.ETag;
            context.Response.Headers.LastModified = HeaderUtilities.FormatDate(lastModified);
            if (IsNotModified(context.Request, file.ETag, lastModified))
            {
                counts.CountNotModified();
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        counts.CountDownload();
        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Bytes.Length;
        if (faults.TruncateImages)
        {
            await context.Response.Body.WriteAsync(file.Bytes.AsMemory(0, file.Bytes.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }

    /// <summary>If-None-Match decides when present (RFC 9110 13.2.2); otherwise If-Modified-Since must equal Last-Modified,
    /// nginx's default <c>if_modified_since exact</c>.</summary>
    private static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return ifNoneMatch == "*" || ifNoneMatch.Split(',').Any(t => string.Equals(WeakStripped(t.Trim()), etag, StringComparison.Ordinal));
        }

        return HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since) && since == lastModified;
    }

    private static string WeakStripped(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
