using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Projection;

/// <summary>UMAP layout in 2D from an existing kNN graph (McInnes et al.; the umap-learn defaults: min_dist 0.1,
/// spread 1, 5 negative samples per edge, learning rate 1).</summary>
/// <remarks>The fuzzy graph comes from the analysis's own neighbours, so the plot costs no second search. The
/// stochastic gradient descent runs single-threaded with a seeded generator, which makes the layout exactly
/// reproducible; it is still far faster than the usual tools because the neighbour search dominates there.</remarks>
internal static class Umap
{
    // a, b of the low-dimensional similarity 1 / (1 + a d^2b), fitted for min_dist 0.1 and spread 1.
    private const float A = 1.5769434f;
    private const float B = 0.89506088f;
    private const int NegativeSampleRate = 5;
    private const float GradientClip = 4f;

    public static float[] Layout(KnnGraph graph, float[] initial, int epochs, int seed)
    {
        var edges = FuzzyGraph.Build(graph);
        var embedding = (float[])initial.Clone();
        if (edges.Count == 0)
        {
            return embedding;
        }

        Optimise(edges, embedding, graph.Count, epochs, seed);
        return embedding;
    }

    /// <summary>200 epochs at every size: on Fashion-MNIST (10k rows) umap-learn's 500 for small data gave the
    /// same trustworthiness (0.954) in 2.5 times the time.</summary>
    public const int DefaultEpochs = 200;

    private static void Optimise(FuzzyGraph edges, float[] embedding, int count, int epochs, int seed)
    {
        var maxWeight = 0f;
        foreach (var w in edges.Weights)
        {
            maxWeight = MathF.Max(maxWeight, w);
        }

        var kept = new List<int>(edges.Count);
        for (var e = 0; e < edges.Count; e++)
        {
            if (edges.Weights[e] >= maxWeight / epochs)
            {
                kept.Add(e);
            }
        }

        var m = kept.Count;
        var heads = new int[m];
        var tails = new int[m];
        var perSample = new float[m];
        var nextSample = new float[m];
        var perNegative = new float[m];
        var nextNegative = new float[m];
        for (var i = 0; i < m; i++)
        {
            var e = kept[i];
            heads[i] = edges.Heads[e];
            tails[i] = edges.Tails[e];
            perSample[i] = maxWeight / edges.Weights[e];
            nextSample[i] = perSample[i];
            perNegative[i] = perSample[i] / NegativeSampleRate;
            nextNegative[i] = perNegative[i];
        }

        var random = new XorShift(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var alpha = 1f - ((float)epoch / epochs);
            for (var i = 0; i < m; i++)
            {
                if (nextSample[i] > epoch)
                {
                    continue;
                }

                var j = heads[i];
                var k = tails[i];
                Attract(embedding, j, k, alpha);
                nextSample[i] += perSample[i];
                var negatives = (int)((epoch - nextNegative[i]) / perNegative[i]);
                for (var p = 0; p < negatives; p++)
                {
                    var other = (int)(random.Next() % (uint)count);
                    if (other != j)
                    {
                        Repel(embedding, j, other, alpha);
                    }
                }

                nextNegative[i] += negatives * perNegative[i];
            }
        }
    }

    private static void Attract(float[] embedding, int j, int k, float alpha)
    {
        var dx = embedding[2 * j] - embedding[2 * k];
        var dy = embedding[(2 * j) + 1] - embedding[(2 * k) + 1];
        var d2 = (dx * dx) + (dy * dy);
        if (d2 <= 0f)
        {
            return;
        }

        var powB = MathF.Pow(d2, B);
        var coefficient = -2f * A * B * powB / d2 / ((A * powB) + 1f);
        var gx = Math.Clamp(coefficient * dx, -GradientClip, GradientClip) * alpha;
        var gy = Math.Clamp(coefficient * dy, -GradientClip, GradientClip) * alpha;
        embedding[2 * j] += gx;
        embedding[(2 * j) + 1] += gy;
        embedding[2 * k] -= gx;
        embedding[(2 * k) + 1] -= gy;
    }

    private static void Repel(float[] embedding, int j, int k, float alpha)
    {
        var dx = embedding[2 * j] - embedding[2 * k];
        var dy = embedding[(2 * j) + 1] - embedding[(2 * k) + 1];
        var d2 = (dx * dx) + (dy * dy);
        float gx, gy;
        if (d2 > 0f)
        {
            var coefficient = 2f * B / ((0.001f + d2) * ((A * MathF.Pow(d2, B)) + 1f));
            gx = Math.Clamp(coefficient * dx, -GradientClip, GradientClip);
            gy = Math.Clamp(coefficient * dy, -GradientClip, GradientClip);
        }
        else
        {
            gx = GradientClip;
            gy = GradientClip;
        }

        embedding[2 * j] += gx * alpha;
        embedding[(2 * j) + 1] += gy * alpha;
    }

    private struct XorShift(int seed)
    {
        private ulong _state = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) | 1UL;

        public uint Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (uint)(_state >> 32);
        }
    }
}
