using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Projection;

/// <summary>UMAP's fuzzy simplicial set: per-row memberships exp(-(d - ρ)/σ) with σ fitted so they sum to
/// log2(k), symmetrised by fuzzy union a + b - ab. Every undirected edge is listed in both directions.</summary>
internal sealed class FuzzyGraph
{
    private FuzzyGraph(int[] heads, int[] tails, float[] weights)
    {
        Heads = heads;
        Tails = tails;
        Weights = weights;
    }

    public int[] Heads { get; }

    public int[] Tails { get; }

    public float[] Weights { get; }

    public int Count => Heads.Length;

    public static FuzzyGraph Build(KnnGraph graph)
    {
        var n = graph.Count;
        var k = graph.NeighbourCount;
        var keys = new long[n * k];
        var weights = new float[n * k];
        var directed = 0;
        var target = MathF.Log2(Math.Max(k, 2));
        for (var i = 0; i < n; i++)
        {
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            var (rho, sigma) = Scale(sims, ids, target);
            for (var j = 0; j < k && ids[j] >= 0; j++)
            {
                var distance = MathF.Max(0f, 1f - sims[j]);
                var membership = distance - rho <= 0f ? 1f : MathF.Exp(-(distance - rho) / sigma);
                var (low, high) = i < ids[j] ? (i, ids[j]) : (ids[j], i);
                keys[directed] = ((long)low * n) + high;
                weights[directed++] = membership;
            }
        }

        Array.Sort(keys, weights, 0, directed);
        var heads = new List<int>(2 * directed);
        var tails = new List<int>(2 * directed);
        var combined = new List<float>(2 * directed);
        var e = 0;
        while (e < directed)
        {
            var weight = weights[e];
            if (e + 1 < directed && keys[e + 1] == keys[e])
            {
                weight = weight + weights[e + 1] - (weight * weights[e + 1]);
                e++;
            }

            var low = (int)(keys[e] / n);
            var high = (int)(keys[e] % n);
            heads.Add(low);
            tails.Add(high);
            combined.Add(weight);
            heads.Add(high);
            tails.Add(low);
            combined.Add(weight);
            e++;
        }

        return new FuzzyGraph([.. heads], [.. tails], [.. combined]);
    }

    private static (float Rho, float Sigma) Scale(ReadOnlySpan<float> sims, ReadOnlySpan<int> ids, float target)
    {
        var rho = 0f;
        var meanDistance = 0f;
        var count = 0;
        for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
        {
            var distance = MathF.Max(0f, 1f - sims[j]);
            meanDistance += distance;
            count++;
            if (rho == 0f && distance > 0f)
            {
                rho = distance;
            }
        }

        meanDistance = count > 0 ? meanDistance / count : 0f;
        double low = 0, high = double.PositiveInfinity, mid = 1;
        for (var iteration = 0; iteration < 64; iteration++)
        {
            var sum = 0.0;
            for (var j = 0; j < count; j++)
            {
                var excess = Math.Max(0f, 1f - sims[j]) - rho;
                sum += excess > 0 ? Math.Exp(-excess / mid) : 1.0;
            }

            if (Math.Abs(sum - target) < 1e-5)
            {
                break;
            }

            if (sum > target)
            {
                high = mid;
                mid = (low + high) / 2;
            }
            else
            {
                low = mid;
                mid = double.IsPositiveInfinity(high) ? mid * 2 : (low + high) / 2;
            }
        }

        return (rho, (float)Math.Max(mid, 1e-3 * Math.Max(meanDistance, 1e-6f)));
    }
}
