namespace LabelBridge.Core.Configuration;

/// <summary>How patches are cut and embedded.</summary>
public sealed class EmbeddingOptions : IOptionsSection<EmbeddingOptions>
{
    public static string SectionName => "Embedding";

    public static EmbeddingOptions Of(LabelBridgeOptions configuration) => configuration?.Embedding ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary><c>auto</c> (default: pick per project the candidate that agrees best with its labels), <c>pixel</c>,
    /// <c>default-model</c>, or the name of a model under <see cref="ModelDirectory"/>.</summary>
    public string Embedder { get; set; } = "auto";

    /// <summary>Where models and their manifests live. Default <c>.models</c>.</summary>
    public string ModelDirectory { get; set; } = ".models";

    /// <summary>Extra margin around each box, as a fraction of its size. Default 0.1.</summary>
    public double CropMargin { get; set; } = 0.1;

    /// <summary><c>letterbox</c> (keep aspect, pad) or <c>stretch</c>. Default letterbox.</summary>
    public PatchResizeMode ResizeMode { get; set; } = PatchResizeMode.Letterbox;

    /// <summary>Patches per inference batch. Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>ONNX Runtime intra-op threads; 0 = one per core. Default 0.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Images fetched and decoded at once. Default 4.</summary>
    public int MaxConcurrentImages { get; set; } = 4;

    /// <summary>Largest decoded image accepted, in pixels (decompression-bomb guard). Default 100 megapixels.</summary>
    public long MaxImagePixels { get; set; } = 100_000_000;

    /// <summary>Side of the square grey patch the pixel embedder uses. Default 16.</summary>
    public int PixelSize { get; set; } = 16;

    /// <summary>Annotations sampled per sweep for the <c>auto</c> choice. Default 2000.</summary>
    public int AutoSampleSize { get; set; } = 2000;

    /// <summary><c>auto</c> keeps its previous choice unless another candidate agrees better by more than this. Default 0.02.</summary>
    public double AutoSwitchMargin { get; set; } = 0.02;

    /// <summary>Side of the JPEG thumbnail stored per patch for the triage page. Default 96.</summary>
    public int ThumbnailSize { get; set; } = 96;
}
