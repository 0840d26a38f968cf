using System.Globalization;
using System.Net;
using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Connection;
using LabelBridge.Cvat.Reading;
using LabelBridge.Platforms.Bodies;
using LabelBridge.Platforms.Errors;

namespace LabelBridge.Cvat.Images;

/// <summary>Fetches one frame at original quality from <c>GET /api/jobs/{id}/data?type=frame&amp;quality=original&amp;number=N</c>.</summary>
/// <remarks>Read with the transport's bounded read (MaxImageBytes, BodyReadTimeout, MinimumTransferRate), so an oversized,
/// endless or stalled answer never fills memory or holds the sweep; a missing frame, a cut-off or stalled transfer or
/// bytes that are not an image are results for that item.</remarks>
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
            var body = await ErrorBodies.ReadAsync(response, cancellationToken);
            var reason = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                ? $"CVAT has no {what} ({(int)response.StatusCode}: {CvatConnection.Detail(body)}); the frame may have been removed"
                : $"CVAT answered {(int)response.StatusCode} for {what}: {CvatConnection.Detail(body)}";
            return ImageFetchResult.Failure(item.Key, reason);
        }

        var read = await BoundedRead.ReadAsync(response.Content, BodyReadLimits.ForImages(connection.Platform), connection.TimeProvider, cancellationToken);
        if (read.Bytes is not { } bytes)
        {
            return ImageFetchResult.Failure(item.Key, read.Describe(what));
        }

        return ImageSignatures.LooksLikeImage(bytes)
            ? ImageFetchResult.Success(bytes)
            : ImageFetchResult.Failure(item.Key, $"{what} is not an image LabelBridge can decode (not PNG, JPEG, GIF, BMP, WebP or TIFF); check the file in CVAT");
    }
}
