namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>What to build from a tfjs model: the input size, and optionally where to cut it.</summary>
/// <param name="InputHeight">Pixel rows of the ONNX input (padding is resolved for this size).</param>
/// <param name="InputWidth">Pixel columns of the ONNX input.</param>
/// <param name="CutAt">A graph node or Keras layer name (a graph node may be given by its trailing path, e.g.
/// <c>MobilenetV2/expanded_conv_13/expand/Relu6</c>); the graph ends there with global-average pooling into output
/// <c>embedding</c>. Null keeps the whole model with its last node as output <c>output</c>.</param>
public sealed record TfjsImportOptions(int InputHeight, int InputWidth, string? CutAt)
{
    public const string InputName = "input";
    public const string EmbeddingOutputName = "embedding";
    public const string FullModelOutputName = "output";

    public string OutputName => CutAt is null ? FullModelOutputName : EmbeddingOutputName;
}
