namespace LabelBridge.Embeddings.Patches;

/// <summary>How a crop is fitted to the embedder's square-or-not input.</summary>
internal enum ResizeMode
{
    /// <summary>Keep the aspect ratio and pad the rest with mid-grey.</summary>
    Letterbox,

    /// <summary>Scale each axis on its own to fill the input.</summary>
    Stretch,
}
