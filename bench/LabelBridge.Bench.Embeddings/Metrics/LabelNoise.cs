using System.Numerics.Tensors;

namespace LabelBridge.Bench.Embeddings.Metrics;

/// <summary>Label-noise detection: flip a share of labels, score each row by how little its neighbours agree with its
/// (possibly flipped) label, and measure how well that score ranks the flipped rows first (AUROC).</summary>
internal static class LabelNoise
{
    public static (int[] Noisy, bool[] Flipped) Flip(int[] labels, double rate, int seed)
    {
        var classes = labels.Max() + 1;
        var random = new Random(seed);
        var noisy = (int[])labels.Clone();
        var flipped = new bool[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (random.NextDouble() < rate)
            {
                noisy[i] = (labels[i] + 1 + random.Next(classes - 1)) % classes;
                flipped[i] = true;
            }
        }

        return (noisy, flipped);
    }

    public static double Auroc(float[] rows, int dimension, int[] noisy, bool[] flipped, int k)
    {
        var n = noisy.Length;
        var suspicion = new double[n];
        var similarities = new float[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * dimension, dimension);
            for (var j = 0; j < n; j++)
            {
                similarities[j] = j == i ? float.PositiveInfinity : -TensorPrimitives.Dot(row, rows.AsSpan(j * dimension, dimension));
                order[j] = j;
            }

            Array.Sort(similarities, order);
            double agree = 0, total = 0;
            for (var m = 0; m < k; m++)
            {
                var weight = Math.Max(1e-6, -similarities[m]);
                total += weight;
                agree += noisy[order[m]] == noisy[i] ? weight : 0;
            }

            suspicion[i] = 1 - (agree / total);
        }

        return RankAuroc(suspicion, flipped);
    }

    private static double RankAuroc(double[] scores, bool[] positive)
    {
        var index = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var start = 0; start < index.Length;)
        {
            var end = start;
            while (end + 1 < index.Length && scores[index[end + 1]] == scores[index[start]])
            {
                end++;
            }

            for (var m = start; m <= end; m++)
            {
                ranks[index[m]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        double positives = positive.Count(p => p), negatives = positive.Length - positives, rankSum = 0;
        for (var i = 0; i < ranks.Length; i++)
        {
            rankSum += positive[i] ? ranks[i] : 0;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
