using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;

namespace LabelBridge.Analysis.Projection;

/// <summary>Trustworthiness (Venna and Kaski): how far the 2D neighbours of a point are true neighbours in the
/// original space, 1 = perfectly trustworthy. Computed within a seeded sample of rows to stay cheap.</summary>
internal static class Trustworthiness
{
    public static double OnSample(float[] vectors, int dimension, float[] layout, int count, int neighbours, int sampleSize, int seed, CancellationToken cancellationToken = default)
    {
        var m = Math.Min(sampleSize, count);
        var k = Math.Min(neighbours, (m - 1) / 2);
        if (k < 1 || 2 * m - (3 * k) - 1 <= 0)
        {
            return double.NaN;
        }

        var sample = new int[count];
        for (var i = 0; i < count; i++)
        {
            sample[i] = i;
        }

        new Random(seed).Shuffle(sample);
        Array.Resize(ref sample, m);
        Array.Sort(sample);
        var penalty = new long[m];
        Parallel.For(0, m, AnalysisThreads.Options(cancellationToken), a => penalty[a] = Penalty(vectors, dimension, layout, sample, a, k));
        var total = 0L;
        foreach (var p in penalty)
        {
            total += p;
        }

        return 1.0 - (2.0 / (m * k * ((2.0 * m) - (3.0 * k) - 1.0)) * total);
    }

    private static long Penalty(float[] vectors, int dimension, float[] layout, int[] sample, int a, int k)
    {
        var m = sample.Length;
        var row = sample[a];
        var query = vectors.AsSpan(row * dimension, dimension);
        var high = new float[m];
        var low = new float[m];
        for (var b = 0; b < m; b++)
        {
            var other = sample[b];
            high[b] = b == a ? float.NegativeInfinity : -TensorPrimitives.Dot(query, vectors.AsSpan(other * dimension, dimension));
            var dx = layout[2 * row] - layout[2 * other];
            var dy = layout[(2 * row) + 1] - layout[(2 * other) + 1];
            low[b] = b == a ? float.NegativeInfinity : (dx * dx) + (dy * dy);
        }

        // Rank of every sample point by original-space distance (1 = nearest other point).
        var byHigh = Order(high);
        var rank = new int[m];
        for (var r = 0; r < m; r++)
        {
            rank[byHigh[r]] = r;
        }

        var byLow = Order(low);
        var penalty = 0L;
        for (var r = 1; r <= k; r++)
        {
            var neighbour = byLow[r];
            if (rank[neighbour] > k)
            {
                penalty += rank[neighbour] - k;
            }
        }

        return penalty;
    }

    private static int[] Order(float[] keys)
    {
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort((float[])keys.Clone(), order);
        return order;
    }
}
