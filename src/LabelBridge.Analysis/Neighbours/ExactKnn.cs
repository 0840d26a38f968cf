using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Exact k nearest neighbours by brute force: blocked dot products, one top-k heap per query row.</summary>
/// <remarks>Rows must be L2-normalised, so the dot product is the cosine similarity. Up to 128 dimensions the dot
/// products come from <see cref="PanelKernel"/>, above from <see cref="DotKernel"/>; each block of similarities is
/// compared with the row's running top-k threshold a vector at a time before anything reaches the heap. Work is split over
/// query blocks with <see cref="Parallel.For(int, int, Action{int})"/>; the result does not depend on the thread count.</remarks>
internal static class ExactKnn
{
    private const int QueryBlock = 64;
    private const int PanelQueryBlock = 256;
    private const int BaseBlock = 256;

    public static KnnGraph Build(float[] vectors, int count, int dimension, int neighbourCount, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        var k = Math.Min(neighbourCount, Math.Max(count - 1, 0));
        var indices = new int[count * k];
        var similarities = new float[count * k];
        if (k == 0)
        {
            return new KnnGraph(count, 0, indices, similarities);
        }

        // Low dimensions use the panel kernel over larger query blocks. Every base block is packed once, up front, into
        // a copy of the vectors (N×D floats, at most 128 per row): packing it again for each query block cost about a
        // fifth of the search at 70,000 × 64.
        var panel = PanelKernel.Applies(dimension);
        var queryBlock = panel ? PanelQueryBlock : QueryBlock;
        var baseBlocks = (count + BaseBlock - 1) / BaseBlock;
        var packed = panel ? new float[baseBlocks * BaseBlock * dimension] : [];
        var options = AnalysisThreads.Options(maxDegreeOfParallelism, cancellationToken);
        if (panel)
        {
            Parallel.For(0, baseBlocks, options, block =>
            {
                var baseStart = block * BaseBlock;
                var baseCount = Math.Min(BaseBlock, count - baseStart);
                PanelKernel.Pack(
                    vectors.AsSpan(baseStart * dimension, baseCount * dimension), baseCount, dimension,
                    packed.AsSpan(baseStart * dimension, Columns(baseCount) * dimension), Columns(baseCount));
            });
        }

        var blocks = (count + queryBlock - 1) / queryBlock;
        Parallel.For(0, blocks, options, block =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(queryBlock * BaseBlock);
            try
            {
                SearchBlock(vectors, count, dimension, k, block * queryBlock, Math.Min(queryBlock, count - (block * queryBlock)), indices, similarities, scratch, packed);
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
        int[] indices, float[] similarities, float[] scratch, float[] packed)
    {
        var queries = vectors.AsSpan(queryStart * dimension, queryCount * dimension);
        for (var baseStart = 0; baseStart < count; baseStart += BaseBlock)
        {
            var baseCount = Math.Min(BaseBlock, count - baseStart);
            var bases = vectors.AsSpan(baseStart * dimension, baseCount * dimension);
            if (packed.Length > 0)
            {
                var columns = Columns(baseCount);
                PanelKernel.Compute(queries, queryCount, packed.AsSpan(baseStart * dimension, columns * dimension), columns, dimension, scratch, BaseBlock);
            }
            else
            {
                DotKernel.Compute(queries, queryCount, bases, baseCount, dimension, scratch, BaseBlock);
            }
            for (var q = 0; q < queryCount; q++)
            {
                var row = queryStart + q;
                var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k), ResumeCount(row, baseStart, k));
                Select(ref heap, scratch.AsSpan(q * BaseBlock, baseCount), baseStart, row);
            }
        }

        for (var q = 0; q < queryCount; q++)
        {
            var row = queryStart + q;
            var heap = new TopK(indices.AsSpan(row * k, k), similarities.AsSpan(row * k, k), Math.Min(k, count - 1));
            heap.SortDescending();
        }
    }

    /// <summary>Offers the heap every similarity of one base block at or above its running threshold, in base order.</summary>
    /// <remarks>Once a row's heap holds k good neighbours almost nothing passes the threshold, so the candidates are
    /// compared a vector at a time and only the lanes that pass reach the heap: one compare per 8 (16 with AVX-512)
    /// candidates instead of a compare and branch each. The offers and their order are those of the scalar loop, so the
    /// graph is the same bit for bit.</remarks>
    private static void Select(ref TopK heap, ReadOnlySpan<float> sims, int baseStart, int row)
    {
        var threshold = heap.Threshold;
        var b = 0;
        ref var first = ref MemoryMarshal.GetReference(sims);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; b <= sims.Length - Vector512<float>.Count; b += Vector512<float>.Count)
            {
                var passed = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref first, (nuint)b), Vector512.Create(threshold)).ExtractMostSignificantBits();
                threshold = OfferLanes(ref heap, ref first, passed, b, baseStart, row, threshold);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; b <= sims.Length - Vector256<float>.Count; b += Vector256<float>.Count)
            {
                var passed = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)b), Vector256.Create(threshold)).ExtractMostSignificantBits();
                threshold = OfferLanes(ref heap, ref first, (ulong)passed, b, baseStart, row, threshold);
            }
        }

        for (; b < sims.Length; b++)
        {
            var sim = sims[b];
            if (sim >= threshold && baseStart + b != row)
            {
                heap.Offer(baseStart + b, sim);
                threshold = heap.Threshold;
            }
        }
    }

    // The lanes of one vector that passed the threshold it was compared with; each is checked again against the
    // threshold as it rises while the earlier lanes go in.
    private static float OfferLanes(ref TopK heap, ref float first, ulong passed, int offset, int baseStart, int row, float threshold)
    {
        while (passed != 0)
        {
            var b = offset + BitOperations.TrailingZeroCount(passed);
            passed &= passed - 1;
            var sim = Unsafe.Add(ref first, b);
            if (sim >= threshold && baseStart + b != row)
            {
                heap.Offer(baseStart + b, sim);
                threshold = heap.Threshold;
            }
        }

        return threshold;
    }

    // A packed base block's width: its rows rounded up to whole kernel passes (BaseBlock is a multiple of every width).
    private static int Columns(int baseCount) => (baseCount + PanelKernel.Width - 1) / PanelKernel.Width * PanelKernel.Width;

    // The heap lives in the output arrays between base blocks; its size is how many other rows were seen so far.
    private static int ResumeCount(int row, int baseStart, int k)
    {
        var seen = row < baseStart ? baseStart - 1 : baseStart;
        return Math.Min(k, seen);
    }
}
