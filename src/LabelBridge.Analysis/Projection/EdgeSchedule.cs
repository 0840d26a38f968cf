namespace LabelBridge.Analysis.Projection;

/// <summary>The fuzzy graph's edges ordered by head vertex, with UMAP's per-edge sampling schedule: an edge of
/// weight w is pulled once every maxWeight / w epochs and brings five negative samples each time. Edges too weak to
/// be sampled once in the run are dropped. <see cref="BlockStarts"/>[b] is the first edge whose head lies in vertex
/// block b, so a block's edges are one contiguous range.</summary>
internal sealed class EdgeSchedule
{
    private const int NegativeSampleRate = 5;

    private EdgeSchedule(int[] heads, int[] tails, float[] perSample, float[] perNegative, int[] blockStarts)
    {
        Heads = heads;
        Tails = tails;
        PerSample = perSample;
        NextSample = (float[])perSample.Clone();
        PerNegative = perNegative;
        NextNegative = (float[])perNegative.Clone();
        BlockStarts = blockStarts;
    }

    public int[] Heads { get; }

    public int[] Tails { get; }

    public float[] PerSample { get; }

    public float[] NextSample { get; }

    public float[] PerNegative { get; }

    public float[] NextNegative { get; }

    public int[] BlockStarts { get; }

    public static EdgeSchedule From(FuzzyGraph edges, int count, int epochs)
    {
        var maxWeight = 0f;
        foreach (var w in edges.Weights)
        {
            maxWeight = MathF.Max(maxWeight, w);
        }

        var floor = maxWeight / epochs;
        var starts = new int[count + 1];
        for (var e = 0; e < edges.Count; e++)
        {
            if (edges.Weights[e] >= floor)
            {
                starts[edges.Heads[e] + 1]++;
            }
        }

        for (var v = 0; v < count; v++)
        {
            starts[v + 1] += starts[v];
        }

        var m = starts[count];
        var heads = new int[m];
        var tails = new int[m];
        var perSample = new float[m];
        var perNegative = new float[m];
        var fill = (int[])starts.Clone();
        for (var e = 0; e < edges.Count; e++)
        {
            if (edges.Weights[e] < floor)
            {
                continue;
            }

            var slot = fill[edges.Heads[e]]++;
            heads[slot] = edges.Heads[e];
            tails[slot] = edges.Tails[e];
            perSample[slot] = maxWeight / edges.Weights[e];
            perNegative[slot] = perSample[slot] / NegativeSampleRate;
        }

        var blocks = (count + Umap.BlockSize - 1) / Umap.BlockSize;
        var blockStarts = new int[blocks + 1];
        for (var b = 0; b <= blocks; b++)
        {
            blockStarts[b] = starts[Math.Min(b * Umap.BlockSize, count)];
        }

        return new EdgeSchedule(heads, tails, perSample, perNegative, blockStarts);
    }
}
