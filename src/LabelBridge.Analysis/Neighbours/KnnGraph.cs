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

    /// <summary>The same graph cut to its <paramref name="k"/> nearest neighbours per row.</summary>
    internal KnnGraph Nearest(int k)
    {
        k = Math.Clamp(k, 0, NeighbourCount);
        if (k == NeighbourCount)
        {
            return this;
        }

        var indices = new int[Count * k];
        var similarities = new float[Count * k];
        for (var i = 0; i < Count; i++)
        {
            NeighboursOf(i)[..k].CopyTo(indices.AsSpan(i * k, k));
            SimilaritiesOf(i)[..k].CopyTo(similarities.AsSpan(i * k, k));
        }

        return new KnnGraph(Count, k, indices, similarities);
    }

    public ReadOnlySpan<int> NeighboursOf(int row) => Indices.AsSpan(row * NeighbourCount, NeighbourCount);

    public ReadOnlySpan<float> SimilaritiesOf(int row) => Similarities.AsSpan(row * NeighbourCount, NeighbourCount);
}
