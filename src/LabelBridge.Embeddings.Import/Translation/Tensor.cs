namespace LabelBridge.Embeddings.Import.Translation;

/// <summary>A value in the graph being built: its ONNX name and its per-item dimensions (batch excluded; images are C,H,W).</summary>
internal sealed record Tensor(string Name, int[] Dims)
{
    public bool IsImage => Dims.Length == 3;

    public int Channels => Dims[0];

    public int Height => Dims[1];

    public int Width => Dims[2];

    public int Length => Dims.Aggregate(1, (product, dim) => product * dim);
}
