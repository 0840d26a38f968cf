using System.Runtime.Intrinsics;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Dot products of a block of query rows against a block of base rows stored column-wise (a panel: element
/// <c>i</c> of every base row side by side), for low dimensions.</summary>
/// <remarks>At 64 dimensions a row-by-row dot product is eight fused multiply-adds followed by a horizontal sum that
/// costs as much again; <see cref="DotKernel"/> amortises it over four queries and two or four base rows, but the sums
/// still take about half the time. Here each step broadcasts one element of four query rows and multiplies it into
/// sixteen base rows at once (32 with AVX-512; eight accumulators, two base vectors), so there is no horizontal sum and the sixteen
/// similarities come out as vectors, in the layout the top-k selection compares. Packing a base block costs one pass over
/// it per query block, a few percent at the block sizes <see cref="ExactKnn"/> uses.</remarks>
internal static class PanelKernel
{
    /// <summary>Base rows per pass: two vectors, 512-bit where the CPU has them (32 rows), else 256-bit (16 rows).</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 2 * Vector512<float>.Count : 2 * Vector256<float>.Count;

    /// <summary>Whether the panel path applies: 256-bit vectors, and a dimension low enough that a packed block stays in
    /// cache (above it the row-wise kernel's horizontal sums are spread over long dot products anyway).</summary>
    public static bool Applies(int dimension) => Vector256.IsHardwareAccelerated && dimension <= 128;

    /// <summary>panel[i * columns + b] = bases row b, element i; zero for b from <paramref name="baseCount"/> up to
    /// <paramref name="columns"/> (a multiple of <see cref="Width"/>).</summary>
    public static void Pack(ReadOnlySpan<float> bases, int baseCount, int dimension, Span<float> panel, int columns)
    {
        for (var b = 0; b < baseCount; b++)
        {
            var row = bases.Slice(b * dimension, dimension);
            for (var i = 0; i < dimension; i++)
            {
                panel[(i * columns) + b] = row[i];
            }
        }

        if (baseCount < columns)
        {
            for (var i = 0; i < dimension; i++)
            {
                panel.Slice((i * columns) + baseCount, columns - baseCount).Clear();
            }
        }
    }

    /// <summary>destination[q * destinationStride + b] = dot(queries row q, panel column b) for b below
    /// <paramref name="columns"/> (a multiple of <see cref="Width"/>).</summary>
    public static unsafe void Compute(
        ReadOnlySpan<float> queries, int queryCount, ReadOnlySpan<float> panel, int columns, int dimension,
        Span<float> destination, int destinationStride)
    {
        if (columns % Width != 0 || panel.Length < columns * dimension || queries.Length < queryCount * dimension
            || destination.Length < ((queryCount - 1) * destinationStride) + columns)
        {
            throw new ArgumentException("The panel, queries or destination are smaller than their counts say.");
        }

        fixed (float* q = queries)
        fixed (float* p = panel)
        fixed (float* d = destination)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                ComputeWide(q, queryCount, p, columns, dimension, d, destinationStride);
                return;
            }

            var q4 = queryCount & ~3;
            for (var qi = 0; qi < q4; qi += 4)
            {
                for (var j = 0; j < columns; j += Width)
                {
                    Block4(q + (qi * dimension), p + j, columns, dimension, d + (qi * destinationStride) + j, destinationStride);
                }
            }

            for (var qi = q4; qi < queryCount; qi++)
            {
                for (var j = 0; j < columns; j += Width)
                {
                    Block1(q + (qi * dimension), p + j, columns, dimension, d + (qi * destinationStride) + j);
                }
            }
        }
    }

    private static unsafe void ComputeWide(float* q, int queryCount, float* p, int columns, int dimension, float* d, int destinationStride)
    {
        var width = 2 * Vector512<float>.Count;
        var q4 = queryCount & ~3;
        for (var qi = 0; qi < q4; qi += 4)
        {
            for (var j = 0; j < columns; j += width)
            {
                Block4Wide(q + (qi * dimension), p + j, columns, dimension, d + (qi * destinationStride) + j, destinationStride);
            }
        }

        for (var qi = q4; qi < queryCount; qi++)
        {
            for (var j = 0; j < columns; j += width)
            {
                Block1Wide(q + (qi * dimension), p + j, columns, dimension, d + (qi * destinationStride) + j);
            }
        }
    }

    private static unsafe void Block4Wide(float* q0, float* p, int columns, int dimension, float* d, int stride)
    {
        var q1 = q0 + dimension;
        var q2 = q1 + dimension;
        var q3 = q2 + dimension;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
        for (var i = 0; i < dimension; i++)
        {
            var column = p + (i * columns);
            var b0 = Vector512.Load(column);
            var b1 = Vector512.Load(column + 16);
            var x = Vector512.Create(q0[i]);
            a00 = Vector512.MultiplyAddEstimate(x, b0, a00);
            a01 = Vector512.MultiplyAddEstimate(x, b1, a01);
            x = Vector512.Create(q1[i]);
            a10 = Vector512.MultiplyAddEstimate(x, b0, a10);
            a11 = Vector512.MultiplyAddEstimate(x, b1, a11);
            x = Vector512.Create(q2[i]);
            a20 = Vector512.MultiplyAddEstimate(x, b0, a20);
            a21 = Vector512.MultiplyAddEstimate(x, b1, a21);
            x = Vector512.Create(q3[i]);
            a30 = Vector512.MultiplyAddEstimate(x, b0, a30);
            a31 = Vector512.MultiplyAddEstimate(x, b1, a31);
        }

        a00.Store(d);
        a01.Store(d + 16);
        a10.Store(d + stride);
        a11.Store(d + stride + 16);
        a20.Store(d + (2 * stride));
        a21.Store(d + (2 * stride) + 16);
        a30.Store(d + (3 * stride));
        a31.Store(d + (3 * stride) + 16);
    }

    private static unsafe void Block1Wide(float* q, float* p, int columns, int dimension, float* d)
    {
        Vector512<float> a0 = default, a1 = default;
        for (var i = 0; i < dimension; i++)
        {
            var column = p + (i * columns);
            var x = Vector512.Create(q[i]);
            a0 = Vector512.MultiplyAddEstimate(x, Vector512.Load(column), a0);
            a1 = Vector512.MultiplyAddEstimate(x, Vector512.Load(column + 16), a1);
        }

        a0.Store(d);
        a1.Store(d + 16);
    }

    private static unsafe void Block4(float* q0, float* p, int columns, int dimension, float* d, int stride)
    {
        var q1 = q0 + dimension;
        var q2 = q1 + dimension;
        var q3 = q2 + dimension;
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
        for (var i = 0; i < dimension; i++)
        {
            var column = p + (i * columns);
            var b0 = Vector256.Load(column);
            var b1 = Vector256.Load(column + 8);
            var x = Vector256.Create(q0[i]);
            a00 = Vector256.MultiplyAddEstimate(x, b0, a00);
            a01 = Vector256.MultiplyAddEstimate(x, b1, a01);
            x = Vector256.Create(q1[i]);
            a10 = Vector256.MultiplyAddEstimate(x, b0, a10);
            a11 = Vector256.MultiplyAddEstimate(x, b1, a11);
            x = Vector256.Create(q2[i]);
            a20 = Vector256.MultiplyAddEstimate(x, b0, a20);
            a21 = Vector256.MultiplyAddEstimate(x, b1, a21);
            x = Vector256.Create(q3[i]);
            a30 = Vector256.MultiplyAddEstimate(x, b0, a30);
            a31 = Vector256.MultiplyAddEstimate(x, b1, a31);
        }

        a00.Store(d);
        a01.Store(d + 8);
        a10.Store(d + stride);
        a11.Store(d + stride + 8);
        a20.Store(d + (2 * stride));
        a21.Store(d + (2 * stride) + 8);
        a30.Store(d + (3 * stride));
        a31.Store(d + (3 * stride) + 8);
    }

    private static unsafe void Block1(float* q, float* p, int columns, int dimension, float* d)
    {
        Vector256<float> a0 = default, a1 = default;
        for (var i = 0; i < dimension; i++)
        {
            var column = p + (i * columns);
            var x = Vector256.Create(q[i]);
            a0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(column), a0);
            a1 = Vector256.MultiplyAddEstimate(x, Vector256.Load(column + 8), a1);
        }

        a0.Store(d);
        a1.Store(d + 8);
    }
}
