using System.Globalization;

namespace LabelBridge.Cvat.Reading;

/// <summary>The stable keys and image references of CVAT objects in the vocabulary.</summary>
internal static class CvatKeys
{
    /// <summary>The tag label LabelBridge puts on flagged frames; its tags are markers, not annotations.</summary>
    public const string NeedsReviewLabel = "needs-review";

    public static string Item(long taskId, int frame) => string.Create(CultureInfo.InvariantCulture, $"cvat:task/{taskId}/frame/{frame}");

    public static string Shape(long id) => string.Create(CultureInfo.InvariantCulture, $"cvat:shape/{id}");

    public static string Track(long id, int frame) => string.Create(CultureInfo.InvariantCulture, $"cvat:track/{id}@{frame}");

    public static string Tag(long id) => string.Create(CultureInfo.InvariantCulture, $"cvat:tag/{id}");

    public static string Job(long id) => string.Create(CultureInfo.InvariantCulture, $"cvat:job/{id}");

    public static string Project(long id) => string.Create(CultureInfo.InvariantCulture, $"cvat:project/{id}");

    public static string ImageRef(long jobId, int frame) => string.Create(CultureInfo.InvariantCulture, $"job/{jobId}/frame/{frame}");

    public static bool TryParseImageRef(string imageRef, out long jobId, out int frame)
    {
        jobId = 0;
        frame = 0;
        var parts = imageRef.Split('/');
        return parts is ["job", var job, "frame", var number]
            && long.TryParse(job, NumberStyles.None, CultureInfo.InvariantCulture, out jobId)
            && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out frame);
    }
}
