using System.Text.Json;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using Refit;

namespace LabelBridge.Platforms.Errors;

/// <summary>The platform problems both connectors report, worded once.</summary>
internal static class PlatformErrors
{
    public static string KindName(PlatformKind kind) => kind == PlatformKind.LabelStudio ? "Label Studio" : kind.ToString().ToUpperInvariant();

    /// <summary>No usable base URL.</summary>
    public static PlatformUnavailableException MissingUrl(PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var example = platform.Kind == PlatformKind.LabelStudio ? "https://ls.example.org" : "https://cvat.example.org";
        return new PlatformUnavailableException(platform.Name, $"no absolute Url configured: set the {KindName(platform.Kind)} server's base URL, e.g. {example}");
    }

    /// <summary>Longest reason quoted from an error body: enough for a sentence or a few field errors.</summary>
    private const int MaxDetailLength = 300;

    /// <summary>Bodies longer than this are not error documents worth parsing (a proxy's page, a dump).</summary>
    private const int MaxParsedBodyLength = 100_000;

    /// <summary>The reason in a refused call's error body, see <see cref="ErrorDetail(string?)"/>.</summary>
    public static string? ErrorDetail(IApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ErrorDetail((response.Error as ApiException)?.Content);
    }

    /// <summary>The reason an error body gives, short: both platforms are Django REST framework applications, which
    /// answer <c>{"detail": ...}</c> or an object of field errors (<c>rest_framework/views.py</c>,
    /// <c>exception_handler</c>). Null when there is no body, or it is not JSON or too long to be an error document.</summary>
    public static string? ErrorDetail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxParsedBodyLength)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var text = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail)
                ? detail.ToString()
                : document.RootElement.GetRawText();
            return text.Length > MaxDetailLength ? text[..MaxDetailLength] : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The credential could not be resolved; <paramref name="problem"/> names the source, never the value.</summary>
    public static PlatformUnavailableException MissingCredentials(PlatformOptions platform, string? problem)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new PlatformUnavailableException(platform.Name, $"credentials for {KindName(platform.Kind)} at {platform.Url} are not available: {problem ?? "no credential configured"}");
    }
}
