using LabelBridge.Core.Platforms;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Embedding;

/// <summary>The annotations of one project to embed, and where their images come from.</summary>
/// <param name="ProjectName">The configured project name (for the embedder choice and logs).</param>
/// <param name="Platform">The platform kind, part of every cache key.</param>
/// <param name="Items">The items the annotations sit on.</param>
/// <param name="Annotations">Annotations to embed; the result keeps their order.</param>
/// <param name="Images">Fetches encoded images one item at a time.</param>
/// <param name="SaveThumbnails">Store a small thumbnail of each new patch for the triage page.</param>
public sealed record EmbeddingRequest(
    string ProjectName,
    PlatformKind Platform,
    IReadOnlyList<Item> Items,
    IReadOnlyList<Annotation> Annotations,
    IImageSource Images,
    bool SaveThumbnails = true);
