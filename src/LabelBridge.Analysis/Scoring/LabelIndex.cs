namespace LabelBridge.Analysis.Scoring;

/// <summary>Labels as small integers, in ordinal name order so every run numbers them the same way.</summary>
internal sealed class LabelIndex
{
    private LabelIndex(string[] names, int[] ofRow, int[] sizes)
    {
        Names = names;
        OfRow = ofRow;
        Sizes = sizes;
    }

    public string[] Names { get; }

    /// <summary>The label id of each row.</summary>
    public int[] OfRow { get; }

    /// <summary>Rows per label id.</summary>
    public int[] Sizes { get; }

    public int Count => Names.Length;

    public static LabelIndex From(IReadOnlyList<string> labels, ReadOnlySpan<int> rows)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            names.Add(labels[row]);
        }

        var sorted = names.ToArray();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            ids[sorted[i]] = i;
        }

        var ofRow = new int[rows.Length];
        var sizes = new int[sorted.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            ofRow[r] = ids[labels[rows[r]]];
            sizes[ofRow[r]]++;
        }

        return new LabelIndex(sorted, ofRow, sizes);
    }

    /// <summary>The same names with other label ids per row (a noisy copy for injected-flip trials).</summary>
    public static LabelIndex Relabel(LabelIndex index, int[] ofRow)
    {
        var sizes = new int[index.Count];
        foreach (var label in ofRow)
        {
            sizes[label]++;
        }

        return new LabelIndex(index.Names, ofRow, sizes);
    }
}
