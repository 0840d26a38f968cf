using System.Buffers;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Exact k nearest neighbours by brute force: blocked dot products, one top-k heap per query row.</summary>
/// <remarks>Rows must be L2-normalised, so the dot product is the cosine similarity. Work is split over
/// query blocks with <see cref="Parallel.For(int, int, Action{int})"/>; the result does not depend on the thread count.</remarks>
internal static class ExactKnn
{
    private const int QueryBlock = 64;
    private const int BaseBlock = 256;

    public static KnnGraph Build(float[] vectors, int count, int dimension, int neighbourCount, int maxDegreeOfParallelism = -1)
    {
        var k = Math.Min(neighbourCount, Math.Max(count - 1, 0));
        var indices = new int[count * k];
        var similarities = new float[count * k];
        if (k == 0)
        {
            return new KnnGraph(count, 0, indices, similarities);
        }

        var blocks = (count + QueryBlock - 1) / QueryBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, options, block =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(QueryBlock * BaseBlock);
            try
            {
                SearchBlock(vectors, count, dimension, k, block * QueryBlock, Math.Min(QueryBlock, count - (block * QueryBlock)), indices, similarities, scratch);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });

        return new KnnGraph(count, k, indices, similarities);
    }

    private static void SearchBlock(
        float[] vectors, int count, int dimension, int k, int queryStart, int queryCount,
        int[] indices, float[] similarities, float[] scratch)
    {
        var queries = vectors.AsSpan(queryStart * dimension, queryCount * dimension);
        for (var baseStart = 0; baseStart < count; baseStart += BaseBlock)
        {
            var baseCount = Math.Min(BaseBlock, count - baseStart);
            DotKernel.Compute(queries, queryCount, vectors.AsSpan(baseStart * dimension, baseCount * dimension), baseCount, dimension, scratch, BaseBlock);
            for (var q = 0; q < queryCount; q++)
            {
                var row = queryStart + q;
                var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k), ResumeCount(row, baseStart, k));
                var sims = scratch.AsSpan(q * BaseBlock, baseCount);
                var threshold = heap.Threshold;
                for (var b = 0; b < sims.Length; b++)
                {
                    var sim = sims[b];
                    if (sim >= threshold && baseStart + b != row)
                    {
                        heap.Offer(baseStart + b, sim);
                        threshold = heap.Threshold;
                    }
                }
            }
        }

        for (var q = 0; q < queryCount; q++)
        {
            var row = queryStart + q;
            var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k), Math.Min(k, count - 1));
            heap.SortDescending();
        }
    }

    // The heap lives in the output arrays between base blocks; its size is how many other rows were seen so far.
    private static int ResumeCount(int row, int baseStart, int k)
    {
        var seen = row < baseStart ? baseStart - 1 : baseStart;
        return Math.Min(k, seen);
    }
}
