using System.Text;

namespace LabelBridge.Emulators.Recording;

/// <summary>What both emulators keep of a request for conformance checks: its body (left readable for the endpoint)
/// and its query, one value per key.</summary>
internal static class RequestCapture
{
    /// <summary>The body as text, or null when the request has none; the stream is rewound for the endpoint.</summary>
    public static async Task<string?> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!(request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            return null;
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(cancellationToken);
        request.Body.Position = 0;
        return body;
    }

    public static Dictionary<string, string> Query(HttpRequest request) =>
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
}
