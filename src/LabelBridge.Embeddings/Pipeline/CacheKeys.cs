using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Patches;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>The embedding cache key: what must be unchanged for a cached vector to still be right.</summary>
/// <remarks>Which server, and which version of the image on it, is the item's ContentId: the connectors build it from the
/// server's identity and the platform's content version (CVAT chunks_updated_date, the Label Studio image URL); a Label Studio image overwritten under the same URL
/// is told by the HTTP validators the image server sent with it (the last part of the key).</remarks>
internal static class CacheKeys
{
    /// <summary>The key of one patch; <c>imageVersion</c> is, for a source whose images can change under the same identity,
    /// the <see cref="Core.Platforms.ImageVersion.Tag"/> of the bytes the vector was made from, null for the others.</summary>
    public static string For(PlatformKind platform, Item item, Annotation annotation, CropSettings crop, string? imageVersion = null) =>
        $"{platform}|{item.ContentId}|{(annotation.IsImageLevel ? "image" : annotation.Box.ToKeyString())}|{crop.ToKeyString()}"
        + (imageVersion is null ? "" : $"|{imageVersion}");

    /// <summary>Where an image's version is remembered (<see cref="Core.Storage.IImageVersionStore"/>).</summary>
    public static string ImageKey(PlatformKind platform, Item item) => $"{platform}|{item.ContentId}";
}
