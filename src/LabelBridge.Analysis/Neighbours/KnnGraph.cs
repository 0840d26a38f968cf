namespace LabelBridge.Analysis.Neighbours;

/// <summary>The k nearest neighbours of every row, by cosine similarity, most similar first.</summary>
/// <remarks>Row-major N×K arrays rather than per-row lists, so a 70k-row graph is two allocations and the
/// scorers and UMAP read it with spans. A row never lists itself; a missing neighbour is index -1.</remarks>
public sealed class KnnGraph
{
    public KnnGraph(int count, int neighbourCount, int[] indices, float[] similarities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(neighbourCount);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(similarities);
        if (indices.Length != count * neighbourCount || similarities.Length != indices.Length)
        {
            throw new ArgumentException("Indices and similarities must both hold count × neighbourCount entries.");
        }

        Count = count;
        NeighbourCount = neighbourCount;
        Indices = indices;
        Similarities = similarities;
    }

    /// <summary>N, the number of rows.</summary>
    public int Count { get; }

    /// <summary>K, the neighbours kept per row.</summary>
    public int NeighbourCount { get; }

    /// <summary>N×K neighbour row indices, most similar first; -1 where a row has fewer than K neighbours.</summary>
    public int[] Indices { get; }

    /// <summary>N×K cosine similarities matching <see cref="Indices"/>.</summary>
    public float[] Similarities { get; }

    public ReadOnlySpan<int> NeighboursOf(int row) => Indices.AsSpan(row * NeighbourCount, NeighbourCount);

    public ReadOnlySpan<float> SimilaritiesOf(int row) => Similarities.AsSpan(row * NeighbourCount, NeighbourCount);
}
