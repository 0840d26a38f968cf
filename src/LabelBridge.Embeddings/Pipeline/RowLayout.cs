using LabelBridge.Embeddings.Embedders;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>Where each part's vector sits in a run's row: the parts side by side in the run's order.</summary>
internal sealed class RowLayout
{
    private readonly int[] offsets;

    public RowLayout(IReadOnlyList<IPatchEmbedder> parts)
    {
        offsets = new int[parts.Count];
        var width = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            offsets[p] = width;
            width += parts[p].Dimension;
        }

        Width = width;
    }

    /// <summary>Floats per row: the parts' dimensions summed.</summary>
    public int Width { get; }

    /// <summary>Index of part <paramref name="part"/>'s first float in row <paramref name="row"/>.</summary>
    public int Start(int row, int part) => (row * Width) + offsets[part];
}
