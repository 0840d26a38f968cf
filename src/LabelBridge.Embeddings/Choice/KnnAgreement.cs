using System.Numerics.Tensors;

namespace LabelBridge.Embeddings.Choice;

/// <summary>How well embeddings agree with the labels given to them: the share of rows whose k nearest other rows
/// (cosine, similarity-weighted vote) carry the row's own label.</summary>
/// <remarks>Most labels in a project are right, so features that group objects the way the team labels them score
/// higher; that makes this a fair way to choose an embedder without ground truth.</remarks>
internal static class KnnAgreement
{
    public static double Score(ReadOnlySpan<float> rows, int dimension, IReadOnlyList<int> labels, int k)
    {
        var n = labels.Count;
        if (n < 2)
        {
            return 0;
        }

        k = Math.Min(k, n - 1);
        var labelCount = labels.Max() + 1;
        var similarities = new float[n];
        var order = new int[n];
        var votes = new double[labelCount];
        var agree = 0;
        for (var i = 0; i < n; i++)
        {
            var row = rows.Slice(i * dimension, dimension);
            for (var j = 0; j < n; j++)
            {
                similarities[j] = j == i ? float.PositiveInfinity : -TensorPrimitives.Dot(row, rows.Slice(j * dimension, dimension));
                order[j] = j;
            }

            Array.Sort(similarities, order);
            Array.Clear(votes);
            for (var m = 0; m < k; m++)
            {
                votes[labels[order[m]]] += Math.Max(1e-6, -similarities[m]);
            }

            var best = 0;
            for (var c = 1; c < labelCount; c++)
            {
                if (votes[c] > votes[best])
                {
                    best = c;
                }
            }

            agree += best == labels[i] ? 1 : 0;
        }

        return (double)agree / n;
    }
}
