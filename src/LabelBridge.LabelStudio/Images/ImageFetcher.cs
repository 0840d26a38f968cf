using System.Net;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Connection;
using LabelBridge.Platforms.Bodies;
using Polly.Timeout;

namespace LabelBridge.LabelStudio.Images;

/// <summary>Fetches a task's image: from the server's own host with the API credentials, from other hosts only when the
/// admin allowed them, with the transport's bounded read (MaxImageBytes, BodyReadTimeout, MinimumTransferRate).</summary>
/// <remarks>A task's data is written by anyone who can import tasks, so its image URL is untrusted: only http(s), only
/// the server's own host or an allowed one, and redirects are followed here (never by the HTTP client) with the same
/// check at every hop, so no URL or redirect makes LabelBridge call a host the admin did not allow (cloud metadata
/// endpoints, internal services).</remarks>
internal sealed class ImageFetcher(LabelStudioClient client, PlatformOptions platform)
{
    /// <summary>Redirects followed at most, each to a host that is itself allowed.</summary>
    public const int MaxRedirects = 3;

    /// <summary>The item's image; with <c>ifChangedFrom</c> (the version LabelBridge has embedded) a server that still has
    /// it answers 304 and the result is <see cref="ImageFetchResult.Unchanged"/>, with no body.</summary>
    public async Task<ImageFetchResult> FetchAsync(Item item, ImageVersion? ifChangedFrom, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(item.ImageRef, UriKind.Absolute, out var url))
        {
            return ImageFetchResult.Failure(item.Key, $"task {item.Location.TaskId} has no fetchable image URL.");
        }

        for (var hop = 0; ; hop++)
        {
            if (Refusal(item, url, redirected: hop > 0) is { } refused)
            {
                return refused;
            }

            var ownHost = IsOwnHost(url);
            try
            {
                using var response = await client.SendRawAsync(url, withCredentials: ownHost, ifChangedFrom, cancellationToken);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                    {
                        return ImageFetchResult.Failure(item.Key, $"task {item.Location.TaskId}'s image URL redirected more than {MaxRedirects} times.");
                    }

                    url = new Uri(url, location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified && ifChangedFrom is not null)
                {
                    return ImageFetchResult.Unchanged(ifChangedFrom);
                }

                return await ReadAsync(item, url, response, cancellationToken);
            }
            catch (PlatformUnavailableException ex) when (!ownHost)
            {
                return ImageFetchResult.Failure(item.Key, $"task {item.Location.TaskId}'s image host '{url.Authority}' cannot be reached: {ex.Message}");
            }
            catch (PlatformUnavailableException ex) when (ex.InnerException is HttpRequestException or TimeoutRejectedException)
            {
                return ImageFetchResult.Failure(item.Key,
                    $"task {item.Location.TaskId}'s image '{item.DisplayName}' download was cut short or timed out on every attempt ({ex.InnerException.GetType().Name}).");
            }
        }
    }

    /// <summary>Why <paramref name="url"/> must not be fetched (not HTTP(S), or a host that is neither the server's own
    /// nor allowed), or null. Checked before every request, redirects included, so a task cannot reach other hosts.</summary>
    private ImageFetchResult? Refusal(Item item, Uri url, bool redirected)
    {
        var taskId = item.Location.TaskId;
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return ImageFetchResult.Failure(item.Key,
                $"task {taskId}'s image URL{(redirected ? " redirects to" : " is")} a {url.Scheme}: URL; LabelBridge fetches images over http and https only.");
        }

        if (IsOwnHost(url) || IsAllowed(url))
        {
            return null;
        }

        return ImageFetchResult.Failure(item.Key, redirected
            ? $"task {taskId}'s image URL redirects to host '{url.Authority}', which is not allowed: add it to AllowedImageHosts of platform '{platform.Name}' to fetch it (without credentials)."
            : $"task {taskId}'s image is on host '{url.Authority}', which is not allowed: add it to AllowedImageHosts of platform '{platform.Name}' to fetch it (without credentials).");
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private async Task<ImageFetchResult> ReadAsync(Item item, Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var taskId = item.Location.TaskId;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ImageFetchResult.Failure(item.Key, $"task {taskId}'s image '{item.DisplayName}' was not found (404) on {url.Authority}.");
        }

        if (!response.IsSuccessStatusCode)
        {
            return ImageFetchResult.Failure(item.Key, $"task {taskId}'s image '{item.DisplayName}' answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return ImageFetchResult.Failure(item.Key, $"task {taskId}'s image URL answered {mediaType}, not an image (a login page or an error).");
        }

        var read = await BoundedRead.ReadAsync(response.Content, BodyReadLimits.ForImages(platform), client.TimeProvider, cancellationToken);
        return read.Bytes is { } bytes
            ? ImageFetchResult.Success(bytes, VersionOf(response))
            : ImageFetchResult.Failure(item.Key, read.Describe($"task {taskId}'s image '{item.DisplayName}'"));
    }

    /// <summary>The host an item's image URL names (before any redirect), or the URL itself when it is not one.</summary>
    public static string HostOf(Item item) =>
        Uri.TryCreate(item.ImageRef, UriKind.Absolute, out var url) ? url.Authority : item.ImageRef;

    /// <summary>The validators as sent, to be sent back unchanged: the ETag with its quotes (and <c>W/</c>), Last-Modified
    /// as an HTTP date (nginx compares If-Modified-Since with it exactly).</summary>
    private static ImageVersion VersionOf(HttpResponseMessage response) => new(
        response.Headers.ETag?.ToString(),
        response.Content.Headers.LastModified?.ToString("r", System.Globalization.CultureInfo.InvariantCulture));

    private bool IsOwnHost(Uri url) =>
        string.Equals(url.Scheme, client.BaseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.Host, client.BaseUrl.Host, StringComparison.OrdinalIgnoreCase)
        && url.Port == client.BaseUrl.Port;

    private bool IsAllowed(Uri url) =>
        platform.AllowedImageHosts.Any(h => AllowedImageHost.Parse(h)?.Allows(url) == true);
}
