using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Patches;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The embedding cache key: what must be unchanged for a cached vector to still be right.</summary>
/// <remarks>Which server, and which version of the image on it, is the item's ContentId: the connectors build it from the
/// server's identity and the platform's content version (CVAT chunks_updated_date, the Label Studio image URL).</remarks>
internal static class CacheKeys
{
    public static string For(PlatformKind platform, Item item, Annotation annotation, CropSettings crop) =>
        $"{platform}|{item.ContentId}|{(annotation.IsImageLevel ? "image" : annotation.Box.ToKeyString())}|{crop.ToKeyString()}";
}
