namespace LabelBridge.Bench.Analysis;

/// <summary>Ranking quality of a score against known positives.</summary>
internal static class Metrics
{
    /// <summary>Area under the ROC curve, ties counted as half.</summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var order = Order(scores);
        double positives = 0, negatives = 0, rankSum = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var midRank = ((start + end) / 2.0) + 1;
            for (var j = start; j <= end; j++)
            {
                if (positive[order[j]])
                {
                    rankSum += midRank;
                    positives++;
                }
                else
                {
                    negatives++;
                }
            }

            start = end + 1;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>Precision at the highest threshold that reaches the recall; a tie group is taken whole.</summary>
    public static double PrecisionAtRecall(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive, double recall)
    {
        var order = Order(scores);
        Array.Reverse(order);
        var total = 0;
        foreach (var p in positive)
        {
            total += p ? 1 : 0;
        }

        int found = 0, taken = 0, start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            for (var j = start; j <= end; j++)
            {
                found += positive[order[j]] ? 1 : 0;
                taken++;
            }

            if (found >= recall * total)
            {
                return (double)found / taken;
            }

            start = end + 1;
        }

        return (double)found / Math.Max(taken, 1);
    }

    private static int[] Order(ReadOnlySpan<float> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return order;
    }
}
