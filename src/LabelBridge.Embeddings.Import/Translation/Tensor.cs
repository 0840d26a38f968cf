namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>A value in the graph being built: its ONNX name and its per-item dimensions (batch excluded; images are C,H,W).</summary>
/// <remarks>
/// Images are always stored C,H,W in ONNX; <see cref="Layout"/> is the order the TF graph believes the value has, so that a
/// TF <c>Transpose</c> between NCHW and NHWC (as graphs converted from PyTorch via ONNX are full of) costs no ONNX node and
/// axis-taking ops (Pad, ConcatV2, SplitV, Mean) can map the TF axis to the stored one.
/// </remarks>
internal sealed record Tensor(string Name, int[] Dims)
{
    public bool IsImage => Dims.Length == 3;

    public int Channels => Dims[0];

    public int Height => Dims[1];

    public int Width => Dims[2];

    public int Length => Dims.Aggregate(1, (product, dim) => product * dim);

    public TfLayout Layout { get; init; } = TfLayout.Nhwc;

    /// <summary>The stored (NCHW, batch first) axis of TF axis <paramref name="tfAxis"/> of this image, negative axes counted from the end.</summary>
    public int StoredAxis(int tfAxis)
    {
        var axis = tfAxis < 0 ? tfAxis + 4 : tfAxis;
        return (Layout, axis) switch
        {
            (_, 0) => 0,
            (TfLayout.Nchw, >= 1 and <= 3) => axis,
            (TfLayout.Nhwc, 3) => 1,
            (TfLayout.Nhwc, 1 or 2) => axis + 1,
            _ => throw new NotSupportedException($"Axis {tfAxis} of a 4-D image does not exist."),
        };
    }
}

/// <summary>The dimension order a TF graph sees an image in.</summary>
internal enum TfLayout
{
    Nhwc,
    Nchw,
}
