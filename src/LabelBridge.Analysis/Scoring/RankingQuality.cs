namespace LabelBridge.Analysis.Scoring;

/// <summary>How well a score ranks known positives first; used to pick a scorer on injected flips.</summary>
internal static class RankingQuality
{
    /// <summary>Mean precision at each positive's rank, worst score first; ties broken by row order.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var order = Descending(scores);
        double found = 0, sum = 0;
        for (var r = 0; r < order.Length; r++)
        {
            if (positive[order[r]])
            {
                found++;
                sum += found / (r + 1);
            }
        }

        return found > 0 ? sum / found : 0;
    }

    /// <summary>Area under the ROC curve (the share of positive/negative pairs ordered right).</summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var order = Descending(scores);
        double positives = 0, negatives = 0, above = 0;
        for (var r = 0; r < order.Length; r++)
        {
            if (positive[order[r]])
            {
                positives++;
            }
            else
            {
                negatives++;
                above += positives;
            }
        }

        return positives > 0 && negatives > 0 ? above / (positives * negatives) : 0.5;
    }

    private static int[] Descending(ReadOnlySpan<float> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(order, (x, y) => keys[y] != keys[x] ? keys[y].CompareTo(keys[x]) : x.CompareTo(y));
        return order;
    }
}
