using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Platforms;

/// <summary>An item's encoded image bytes, or the reason they could not be had.</summary>
public sealed record ImageFetchResult(byte[]? Bytes, ReadProblem? Problem)
{
    public static ImageFetchResult Success(byte[] bytes) => new(bytes, null);

    public static ImageFetchResult Failure(string subject, string reason) => new(null, new ReadProblem(subject, reason));
}
