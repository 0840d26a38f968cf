namespace LabelBridge.Embeddings.Embedders;

/// <summary>Turns fixed-size RGBA patches into L2-normalised vectors. Implementations are thread-safe.</summary>
internal interface IPatchEmbedder
{
    /// <summary>Short name used in configuration and reports, e.g. <c>pixel</c> or <c>mobilenet_v2_mid</c>.</summary>
    string Name { get; }

    /// <summary>Identifies the embedder kind, its weights and its input size; part of every cache key.</summary>
    string Fingerprint { get; }

    int InputWidth { get; }

    int InputHeight { get; }

    int Dimension { get; }

    /// <summary>Embeds <paramref name="count"/> patches of InputWidth × InputHeight × 4 bytes each into rows of
    /// <see cref="Dimension"/> floats, each L2-normalised.</summary>
    void Embed(ReadOnlySpan<byte> rgbaPatches, int count, Span<float> destination);
}
