using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Cvat.Reading;

/// <summary>Short stable hashes: an annotation's version and an item's content id.</summary>
internal static class Fingerprints
{
    /// <summary>Changes exactly when the label, the shape type, the box, the exact geometry (to 0.01 px) or occlusion changes.</summary>
    public static string AnnotationVersion(string label, ShapeKind kind, PixelBox box, bool occluded, IReadOnlyList<double> points)
    {
        var text = new StringBuilder()
            .Append(label).Append('|').Append(kind).Append('|').Append(box.ToKeyString()).Append('|').Append(occluded ? 'o' : '-').Append('|');
        foreach (var value in points)
        {
            text.Append(value.ToString("0.##", CultureInfo.InvariantCulture)).Append(',');
        }

        return Short(text.ToString());
    }

    /// <summary>Identifies the image content of a frame: the server, task, frame number, file name, size and the task
    /// data's <c>chunks_updated_date</c>, which CVAT renews whenever it rewrites the task's media.</summary>
    public static string FrameContent(string server, long taskId, int frame, string? name, int width, int height, string? contentVersion) =>
        Short(string.Create(CultureInfo.InvariantCulture, $"{server}|{taskId}|{frame}|{name}|{width}x{height}|{contentVersion}"));

    private static string Short(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
}
