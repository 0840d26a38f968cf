using System.Buffers;
using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>"More like this": the patches most similar to one patch of a population, by cosine over its stored rows.</summary>
/// <remarks>The same rule as the sweep's kNN graph: an exact scan up to <c>exactLimit</c> rows, an HNSW index above it.
/// The HNSW index of a large population takes tens of seconds to build, so it is built in the background and the
/// exact scan (a few tens of milliseconds at 100k rows) answers until it is ready; <see cref="Method"/> says which
/// answered. Rows must be L2-normalised (the dot product is then the cosine similarity).</remarks>
public sealed class SimilarityIndex
{
    private const int ScanBlock = 4096;

    private readonly float[] vectors;
    private readonly int dimension;
    private readonly Task? approximate;
    private Hnsw? built;

    private SimilarityIndex(float[] vectors, int count, int dimension, int exactLimit, int seed)
    {
        this.vectors = vectors;
        Count = count;
        this.dimension = dimension;
        approximate = count > exactLimit ? AnalysisThreads.RunAsync(() => Volatile.Write(ref built, Hnsw.Build(vectors, count, dimension, seed: seed))) : null;
    }

    /// <summary>N, the rows searched.</summary>
    public int Count { get; }

    /// <summary>How the next query is answered: <c>exact</c>, <c>hnsw</c>, or <c>exact (hnsw index building)</c>.</summary>
    public string Method => approximate is null ? "exact" : Volatile.Read(ref built) is not null ? "hnsw" : "exact (hnsw index building)";

    /// <summary>Whether the population is above the exact-search limit (an HNSW index exists or is being built).</summary>
    public bool IsApproximate => approximate is not null;

    /// <summary>An index over <paramref name="count"/> rows of <paramref name="dimension"/> floats; starts the HNSW build in
    /// the background when there are more rows than <paramref name="exactLimit"/>.</summary>
    /// <param name="vectors">N×D floats, row-major, L2-normalised; kept, not copied.</param>
    /// <param name="count">N.</param>
    /// <param name="dimension">D.</param>
    /// <param name="exactLimit">The project's <c>ExactSearchLimit</c>.</param>
    /// <param name="seed">The project's seed (HNSW levels).</param>
    public static SimilarityIndex Create(float[] vectors, int count, int dimension, int exactLimit, int seed)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length < count * dimension)
        {
            throw new ArgumentException("The vectors hold fewer than count × dimension floats.", nameof(vectors));
        }

        return new SimilarityIndex(vectors, count, dimension, exactLimit, seed);
    }

    /// <summary>Waits for the HNSW index, if there is one to build (benchmarks and tests; queries never wait).</summary>
    public Task WhenApproximateReadyAsync(CancellationToken cancellationToken) => approximate?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>The up to <paramref name="k"/> rows most similar to row <paramref name="row"/>, most similar first, never
    /// the row itself.</summary>
    public IReadOnlyList<SimilarRow> Nearest(int row, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        k = Math.Min(Math.Max(k, 0), Count - 1);
        if (k == 0)
        {
            return [];
        }

        var ids = new int[k];
        var sims = new float[k];
        var found = Volatile.Read(ref built) is { } index ? SearchApproximate(index, row, ids, sims) : Scan(row, ids, sims);
        var result = new SimilarRow[found];
        for (var i = 0; i < found; i++)
        {
            result[i] = new SimilarRow(ids[i], sims[i]);
        }

        return result;
    }

    private int SearchApproximate(Hnsw index, int row, int[] ids, float[] sims)
    {
        var k = ids.Length;
        var heap = new TopK(ids, sims);
        foreach (var (id, sim) in index.Search(Row(row), Math.Max(64, 2 * (k + 1))))
        {
            if (id != row)
            {
                heap.Offer(id, sim);
            }
        }

        var found = heap.Count;
        heap.SortDescending();
        return found;
    }

    private int Scan(int row, int[] ids, float[] sims)
    {
        var scores = ArrayPool<float>.Shared.Rent(Count);
        try
        {
            var query = vectors.AsMemory(row * dimension, dimension);
            var blocks = (Count + ScanBlock - 1) / ScanBlock;
            Parallel.For(0, blocks, AnalysisThreads.Options(), block =>
            {
                var start = block * ScanBlock;
                var end = Math.Min(Count, start + ScanBlock);
                var q = query.Span;
                for (var i = start; i < end; i++)
                {
                    scores[i] = TensorPrimitives.Dot(q, Row(i));
                }
            });

            var heap = new TopK(ids, sims);
            var threshold = heap.Threshold;
            for (var i = 0; i < Count; i++)
            {
                if (scores[i] >= threshold && i != row)
                {
                    heap.Offer(i, scores[i]);
                    threshold = heap.Threshold;
                }
            }

            var found = heap.Count;
            heap.SortDescending();
            return found;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    private ReadOnlySpan<float> Row(int row) => vectors.AsSpan(row * dimension, dimension);
}

/// <summary>One answer of <see cref="SimilarityIndex.Nearest"/>: a row of the index and its cosine similarity to the query.</summary>
public readonly record struct SimilarRow(int Row, float Similarity);
