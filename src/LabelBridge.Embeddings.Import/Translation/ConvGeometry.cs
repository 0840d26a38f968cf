namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>Strides, dilations and padding of a convolution or pooling window.</summary>
internal sealed record ConvGeometry(int StrideH, int StrideW, int DilationH, int DilationW, PaddingMode Padding);
