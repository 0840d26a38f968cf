namespace LabelBridge.Analysis.Scoring;

/// <summary>Empirical percentiles: the share of values at or below each value.</summary>
internal static class Percentiles
{
    public static float[] Of(ReadOnlySpan<float> values)
    {
        var n = values.Length;
        var order = new int[n];
        var keys = values.ToArray();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var result = new float[n];
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            var share = (float)(end + 1) / n;
            for (var j = start; j <= end; j++)
            {
                result[order[j]] = share;
            }

            start = end + 1;
        }

        return result;
    }
}
