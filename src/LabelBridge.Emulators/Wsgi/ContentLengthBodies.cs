namespace LabelBridge.Emulators.Wsgi;

/// <summary>Reads a request body the way Django under WSGI does: by <c>Content-Length</c> only.</summary>
/// <remarks>Both platforms are Django applications. <c>django/core/handlers/wsgi.py</c> builds
/// <c>WSGIRequest._stream = LimitedStream(environ["wsgi.input"], content_length)</c> where <c>content_length</c> is
/// <c>int(environ.get("CONTENT_LENGTH"))</c>, or 0 when the header is missing or not a number: a chunked body without
/// <c>Content-Length</c> reaches the view as an empty body (Label Studio's <c>label-studio start</c> runs Django's own
/// WSGI development server; a proxy in front of CVAT may or may not buffer). Kestrel would decode the chunks, so the
/// emulators hide the body here to be as strict as the real servers.</remarks>
public static class ContentLengthBodies
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength is null && HasBody(context.Request.Method))
        {
            context.Request.Body = Stream.Null;
            context.Request.ContentLength = 0;
            context.Request.Headers.TransferEncoding = default;
        }

        return next(context);
    }

    private static bool HasBody(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
