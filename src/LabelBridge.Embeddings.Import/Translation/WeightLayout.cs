namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>How a TensorFlow weight is rearranged for its ONNX consumer.</summary>
internal enum WeightLayout
{
    /// <summary>Unchanged (dense kernels [in,out], scalars).</summary>
    AsIs,

    /// <summary>Conv kernel HWIO → OIHW.</summary>
    ConvKernel,

    /// <summary>Depthwise kernel [kh,kw,C,M] → [C·M,1,kh,kw] (output channel c·M+m, as in TF).</summary>
    DepthwiseKernel,

    /// <summary>Per-channel vector [C] (or [1,1,1,C]) → [C,1,1], to broadcast over a C,H,W image.</summary>
    ChannelVector,
}
