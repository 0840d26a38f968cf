using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Patches;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The embedding cache key: what must be unchanged for a cached vector to still be right.</summary>
internal static class CacheKeys
{
    public static string For(PlatformKind platform, Item item, Annotation annotation, CropSettings crop) =>
        $"{platform}|{item.ContentId}|{(annotation.IsImageLevel ? "image" : annotation.Box.ToKeyString())}|{crop.ToKeyString()}";
}
