namespace LabelBridge.Embeddings.Images;

/// <summary>Guards against decompression bombs: images larger than these are refused before decoding.</summary>
internal sealed record ImageLimits(long MaxPixels);
