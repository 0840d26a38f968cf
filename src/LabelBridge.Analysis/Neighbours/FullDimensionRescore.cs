using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Neighbours found on reduced rows (principal components), re-measured with the embeddings' full vectors.</summary>
/// <remarks>Above the exact-search limit the neighbour search runs on the top principal components, which keep what
/// most rows vary in and drop the rest. A row that differs from everything only in the dropped directions (junk whose
/// pattern the components fitted on the project cannot express) then looks ordinary: its reduced neighbours are close.
/// Measured with the full vectors, the same neighbours are far, as they are on the full-dimension path. Only the k
/// neighbours each row already has are re-measured (N × k dot products at full dimension, a small part of the search),
/// and each row's list is re-sorted by full-dimension similarity, so the nearest of them come first as everywhere else.</remarks>
internal static class FullDimensionRescore
{
    private const int BlockRows = 256;

    /// <summary>The same neighbours with cosine similarities of the full vectors, most similar first (ties by row).</summary>
    /// <param name="graph">Neighbours of the reduced rows; row r is <paramref name="vectors"/> row <paramref name="sourceRows"/>[r].</param>
    /// <param name="vectors">The full vectors, N×<paramref name="dimension"/>, any length (normalised here).</param>
    /// <param name="dimension">Their dimension.</param>
    /// <param name="sourceRows">Graph row r is vector row sourceRows[r].</param>
    /// <param name="inPlace">Overwrite the graph's arrays (when nothing else reads them) instead of allocating new ones.</param>
    /// <param name="cancellationToken">Checked per block of rows.</param>
    public static KnnGraph Of(KnnGraph graph, float[] vectors, int dimension, int[] sourceRows, bool inPlace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(sourceRows);
        return Of(graph, FullRows.Mapped(vectors, dimension, sourceRows), inPlace, cancellationToken);
    }

    /// <summary>The same neighbours with cosine similarities of <paramref name="rows"/>, most similar first (ties by row).</summary>
    /// <param name="graph">Neighbours of the reduced rows; graph row r is <paramref name="rows"/> row r.</param>
    /// <param name="rows">The full rows (normalised here), as floats or halves.</param>
    /// <param name="inPlace">Overwrite the graph's arrays (when nothing else reads them) instead of allocating new ones.</param>
    /// <param name="cancellationToken">Checked per block of rows.</param>
    public static KnnGraph Of(KnnGraph graph, FullRows rows, bool inPlace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(rows);
        var dimension = rows.Dimension;
        var n = graph.Count;
        var k = graph.NeighbourCount;
        var inverseNorm = new float[n];
        var options = AnalysisThreads.Options(cancellationToken);
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, options, block =>
        {
            var scratch = new float[dimension];
            var end = Math.Min(n, (block + 1) * BlockRows);
            for (var r = block * BlockRows; r < end; r++)
            {
                var norm = TensorPrimitives.Norm<float>(rows.Row(r, scratch));
                inverseNorm[r] = norm > 0 && float.IsFinite(norm) ? 1f / norm : 0f;
            }
        });

        var indices = inPlace ? graph.Indices : (int[])graph.Indices.Clone();
        var similarities = inPlace ? graph.Similarities : (float[])graph.Similarities.Clone();
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, options, block =>
        {
            var ids = new int[k];
            var sims = new float[k];
            var rowScratch = new float[dimension];
            var otherScratch = new float[dimension];
            var end = Math.Min(n, (block + 1) * BlockRows);
            for (var r = block * BlockRows; r < end; r++)
            {
                var row = rows.Row(r, rowScratch);
                var count = 0;
                for (var j = 0; j < k; j++)
                {
                    var other = indices[(r * k) + j];
                    if (other < 0)
                    {
                        break;
                    }

                    ids[count] = other;
                    sims[count++] = TensorPrimitives.Dot(row, rows.Row(other, otherScratch)) * inverseNorm[r] * inverseNorm[other];
                }

                SortDescending(sims.AsSpan(0, count), ids.AsSpan(0, count));
                ids.AsSpan(0, count).CopyTo(indices.AsSpan(r * k, count));
                sims.AsSpan(0, count).CopyTo(similarities.AsSpan(r * k, count));
            }
        });

        return inPlace ? graph : new KnnGraph(n, k, indices, similarities);
    }

    // Insertion sort: k is at most a few dozen, and most lists are nearly sorted already.
    private static void SortDescending(Span<float> sims, Span<int> ids)
    {
        for (var i = 1; i < sims.Length; i++)
        {
            var sim = sims[i];
            var id = ids[i];
            var j = i - 1;
            while (j >= 0 && (sims[j] < sim || (sims[j] == sim && ids[j] > id)))
            {
                sims[j + 1] = sims[j];
                ids[j + 1] = ids[j];
                j--;
            }

            sims[j + 1] = sim;
            ids[j + 1] = id;
        }
    }
}
