namespace LabelBridge.Bench.Analysis;

/// <summary>A seeded stratified sample: the same share of every class, in ascending row order.</summary>
internal static class Subset
{
    public static int[] Stratified(int[] labels, int size, int seed)
    {
        if (size >= labels.Length)
        {
            return Enumerable.Range(0, labels.Length).ToArray();
        }

        var random = new Random(seed);
        var chosen = new List<int>(size);
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var take = (int)Math.Round((double)members.Length * size / labels.Length);
            chosen.AddRange(members.Take(take));
        }

        chosen.Sort();
        return [.. chosen];
    }

    public static (float[] Rows, int[] Labels) Take(float[] rows, int dimension, int[] labels, int[] subset)
    {
        var picked = new float[subset.Length * dimension];
        var pickedLabels = new int[subset.Length];
        for (var s = 0; s < subset.Length; s++)
        {
            rows.AsSpan(subset[s] * dimension, dimension).CopyTo(picked.AsSpan(s * dimension));
            pickedLabels[s] = labels[subset[s]];
        }

        return (picked, pickedLabels);
    }
}
