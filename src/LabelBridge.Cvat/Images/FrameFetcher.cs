using System.Globalization;
using System.Net;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.Images;

/// <summary>Fetches one frame at original quality from <c>GET /api/jobs/{id}/data?type=frame&amp;quality=original&amp;number=N</c>.</summary>
/// <remarks>Streams with a byte limit, so an oversized or endless answer never fills memory; a missing frame, a cut-off
/// transfer or bytes that are not an image are results for that item.</remarks>
internal sealed class FrameFetcher(CvatConnection connection)
{
    public async Task<ImageFetchResult> FetchAsync(Item item, CancellationToken cancellationToken)
    {
        if (!CvatKeys.TryParseImageRef(item.ImageRef, out var jobId, out var frame))
        {
            return ImageFetchResult.Failure(item.Key, $"'{item.ImageRef}' is not a CVAT frame reference (job/<id>/frame/<n>)");
        }

        var what = string.Create(CultureInfo.InvariantCulture, $"frame {frame} of job {jobId}");
        using var response = await connection.SendStreamingAsync(
            (api, token) => api.GetFrameAsync(jobId, "frame", "original", frame, token), what, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                ? $"CVAT has no {what} ({(int)response.StatusCode}: {CvatConnection.Detail(body)}); the frame may have been removed"
                : $"CVAT answered {(int)response.StatusCode} for {what}: {CvatConnection.Detail(body)}";
            return ImageFetchResult.Failure(item.Key, reason);
        }

        var limit = connection.Platform.MaxImageBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            return ImageFetchResult.Failure(item.Key, TooLarge(what, response.Content.Headers.ContentLength.Value, limit));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(response.Content, limit, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return ImageFetchResult.Failure(item.Key, TooLarge(what, limit + 1, limit));
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return ImageFetchResult.Failure(item.Key, $"the transfer of {what} was cut off ({e.GetType().Name}); the next sweep tries again");
        }

        if (response.Content.Headers.ContentLength is { } announced && announced != bytes.Length)
        {
            return ImageFetchResult.Failure(item.Key, $"{what} arrived truncated ({bytes.Length} of {announced} bytes); the next sweep tries again");
        }

        return ImageSignatures.LooksLikeImage(bytes)
            ? ImageFetchResult.Success(bytes)
            : ImageFetchResult.Failure(item.Key, $"{what} is not an image LabelBridge can decode (not PNG, JPEG, GIF, BMP, WebP or TIFF); check the file in CVAT");
    }

    private static string TooLarge(string what, long size, long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} is {size} bytes or more, above MaxImageBytes ({limit}); raise the limit if such images are expected");

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("Image exceeds the configured limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
