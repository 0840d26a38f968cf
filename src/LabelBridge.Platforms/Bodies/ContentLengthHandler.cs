namespace LabelBridge.Platforms.Bodies;

/// <summary>Buffers every request body so it is sent with Content-Length instead of chunked.</summary>
/// <remarks>Refit serialises JSON into a content whose length is unknown, which HttpClient sends chunked. CVAT and
/// Label Studio are Django applications, and Django under WSGI reads a body by CONTENT_LENGTH only
/// (<c>django/core/handlers/wsgi.py</c>, <c>LimitedStream</c>): a chunked body reaches the view empty, unless a proxy in
/// front happens to buffer it. Platform bodies are small JSON documents, so buffering costs nothing worth measuring.</remarks>
internal sealed class ContentLengthHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content && content.Headers.ContentLength is null)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            request.Headers.TransferEncodingChunked = false;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
