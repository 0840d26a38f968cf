using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace LabelBridge.Analysis.Neighbours;

/// <summary>Dot products of a block of query rows against a block of base rows, as a small matrix.</summary>
/// <remarks>Four queries against two base rows per pass: each vector load feeds several fused multiply-adds,
/// which is what makes the exact search compute-bound instead of memory-bound. 512-bit vectors where the CPU has
/// them, 256-bit otherwise, and a portable TensorPrimitives path for everything else.</remarks>
internal static class DotKernel
{
    /// <summary>destination[q * destinationStride + b] = dot(queries row q, bases row b).</summary>
    public static unsafe void Compute(
        ReadOnlySpan<float> queries, int queryCount, ReadOnlySpan<float> bases, int baseCount, int dimension,
        Span<float> destination, int destinationStride)
    {
        if (!Vector256.IsHardwareAccelerated || dimension < Vector256<float>.Count)
        {
            ComputePortable(queries, queryCount, bases, baseCount, dimension, destination, destinationStride);
            return;
        }

        fixed (float* q = queries)
        fixed (float* b = bases)
        fixed (float* d = destination)
        {
            var q4 = queryCount & ~3;
            var b2 = baseCount & ~1;
            for (var qi = 0; qi < q4; qi += 4)
            {
                var bi0 = 0;
                if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
                {
                    for (; bi0 + 4 <= baseCount; bi0 += 4)
                    {
                        Block4x4Wide(q + (qi * dimension), b + (bi0 * dimension), dimension, d + (qi * destinationStride) + bi0, destinationStride);
                    }
                }

                for (var bi = bi0; bi < b2; bi += 2)
                {
                    Block4x2(q + (qi * dimension), b + (bi * dimension), dimension, d + (qi * destinationStride) + bi, destinationStride);
                }

                for (var bi = b2; bi < baseCount; bi++)
                {
                    for (var r = 0; r < 4; r++)
                    {
                        d[((qi + r) * destinationStride) + bi] = Dot(q + ((qi + r) * dimension), b + (bi * dimension), dimension);
                    }
                }
            }

            for (var qi = q4; qi < queryCount; qi++)
            {
                for (var bi = 0; bi < baseCount; bi++)
                {
                    d[(qi * destinationStride) + bi] = Dot(q + (qi * dimension), b + (bi * dimension), dimension);
                }
            }
        }
    }

    private static unsafe void Block4x2(float* q, float* b, int dimension, float* d, int stride)
    {
        var q0 = q;
        var q1 = q + dimension;
        var q2 = q1 + dimension;
        var q3 = q2 + dimension;
        var b0 = b;
        var b1 = b + dimension;
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
        var end = dimension & ~7;
        for (var i = 0; i < end; i += 8)
        {
            var v0 = Vector256.Load(b0 + i);
            var v1 = Vector256.Load(b1 + i);
            var u = Vector256.Load(q0 + i);
            a00 = Vector256.MultiplyAddEstimate(u, v0, a00);
            a01 = Vector256.MultiplyAddEstimate(u, v1, a01);
            u = Vector256.Load(q1 + i);
            a10 = Vector256.MultiplyAddEstimate(u, v0, a10);
            a11 = Vector256.MultiplyAddEstimate(u, v1, a11);
            u = Vector256.Load(q2 + i);
            a20 = Vector256.MultiplyAddEstimate(u, v0, a20);
            a21 = Vector256.MultiplyAddEstimate(u, v1, a21);
            u = Vector256.Load(q3 + i);
            a30 = Vector256.MultiplyAddEstimate(u, v0, a30);
            a31 = Vector256.MultiplyAddEstimate(u, v1, a31);
        }

        float s00 = Vector256.Sum(a00), s01 = Vector256.Sum(a01), s10 = Vector256.Sum(a10), s11 = Vector256.Sum(a11);
        float s20 = Vector256.Sum(a20), s21 = Vector256.Sum(a21), s30 = Vector256.Sum(a30), s31 = Vector256.Sum(a31);
        for (var i = end; i < dimension; i++)
        {
            s00 += q0[i] * b0[i];
            s01 += q0[i] * b1[i];
            s10 += q1[i] * b0[i];
            s11 += q1[i] * b1[i];
            s20 += q2[i] * b0[i];
            s21 += q2[i] * b1[i];
            s30 += q3[i] * b0[i];
            s31 += q3[i] * b1[i];
        }

        d[0] = s00;
        d[1] = s01;
        d[stride] = s10;
        d[stride + 1] = s11;
        d[2 * stride] = s20;
        d[(2 * stride) + 1] = s21;
        d[3 * stride] = s30;
        d[(3 * stride) + 1] = s31;
    }

    private static unsafe void Block4x4Wide(float* q, float* b, int dimension, float* d, int stride)
    {
        var q0 = q;
        var q1 = q + dimension;
        var q2 = q1 + dimension;
        var q3 = q2 + dimension;
        var b0 = b;
        var b1 = b0 + dimension;
        var b2 = b1 + dimension;
        var b3 = b2 + dimension;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        var end = dimension & ~15;
        for (var i = 0; i < end; i += 16)
        {
            var v0 = Vector512.Load(b0 + i);
            var v1 = Vector512.Load(b1 + i);
            var v2 = Vector512.Load(b2 + i);
            var v3 = Vector512.Load(b3 + i);
            var u = Vector512.Load(q0 + i);
            a00 = Vector512.MultiplyAddEstimate(u, v0, a00);
            a01 = Vector512.MultiplyAddEstimate(u, v1, a01);
            a02 = Vector512.MultiplyAddEstimate(u, v2, a02);
            a03 = Vector512.MultiplyAddEstimate(u, v3, a03);
            u = Vector512.Load(q1 + i);
            a10 = Vector512.MultiplyAddEstimate(u, v0, a10);
            a11 = Vector512.MultiplyAddEstimate(u, v1, a11);
            a12 = Vector512.MultiplyAddEstimate(u, v2, a12);
            a13 = Vector512.MultiplyAddEstimate(u, v3, a13);
            u = Vector512.Load(q2 + i);
            a20 = Vector512.MultiplyAddEstimate(u, v0, a20);
            a21 = Vector512.MultiplyAddEstimate(u, v1, a21);
            a22 = Vector512.MultiplyAddEstimate(u, v2, a22);
            a23 = Vector512.MultiplyAddEstimate(u, v3, a23);
            u = Vector512.Load(q3 + i);
            a30 = Vector512.MultiplyAddEstimate(u, v0, a30);
            a31 = Vector512.MultiplyAddEstimate(u, v1, a31);
            a32 = Vector512.MultiplyAddEstimate(u, v2, a32);
            a33 = Vector512.MultiplyAddEstimate(u, v3, a33);
        }

        Store(d, a00, a01, a02, a03, q0, b0, end, dimension);
        Store(d + stride, a10, a11, a12, a13, q1, b0, end, dimension);
        Store(d + (2 * stride), a20, a21, a22, a23, q2, b0, end, dimension);
        Store(d + (3 * stride), a30, a31, a32, a33, q3, b0, end, dimension);
    }

    // One query row's four sums, plus the tail past the last full vector (base rows are consecutive).
    private static unsafe void Store(
        float* d, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3,
        float* query, float* bases, int end, int dimension)
    {
        d[0] = Vector512.Sum(s0);
        d[1] = Vector512.Sum(s1);
        d[2] = Vector512.Sum(s2);
        d[3] = Vector512.Sum(s3);
        for (var i = end; i < dimension; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                d[j] += query[i] * bases[(j * dimension) + i];
            }
        }
    }

    private static unsafe float Dot(float* x, float* y, int dimension) =>
        TensorPrimitives.Dot(new ReadOnlySpan<float>(x, dimension), new ReadOnlySpan<float>(y, dimension));

    private static void ComputePortable(
        ReadOnlySpan<float> queries, int queryCount, ReadOnlySpan<float> bases, int baseCount, int dimension,
        Span<float> destination, int destinationStride)
    {
        for (var qi = 0; qi < queryCount; qi++)
        {
            var query = queries.Slice(qi * dimension, dimension);
            for (var bi = 0; bi < baseCount; bi++)
            {
                destination[(qi * destinationStride) + bi] = TensorPrimitives.Dot(query, bases.Slice(bi * dimension, dimension));
            }
        }
    }
}
