namespace LabelBridge.Host.Web;

/// <summary>Headers every response of <c>labelbridge serve</c> carries unless its endpoint set its own: the triage page
/// runs only its own scripts, is never framed (clickjacking a Dismiss button), and no response is sniffed into HTML.</summary>
internal static class SecurityHeaders
{
    /// <summary>The triage page's policy: its bundled module and stylesheet, thumbnails and API calls from this origin.
    /// 'unsafe-eval' because regl (under regl-scatterplot) compiles its draw commands with <c>Function</c>; inline and
    /// foreign scripts, the way an injected label name would run, stay refused.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        + "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
