namespace LabelBridge.Bench.Analysis;

/// <summary>Label noise injected into a clean dataset, with the truth of which rows were flipped.</summary>
internal static class Noise
{
    // T-shirt↔Shirt, Pullover↔Coat, Sneaker↔Ankle boot, Sandal→Sneaker, Dress→Coat; Trouser and Bag have no look-alike.
    private static readonly int[] Confusable = [6, -1, 4, 4, 2, 7, 0, 9, -1, 7];

    /// <summary>A share of all rows gets a different label drawn uniformly from the other classes.</summary>
    public static (int[] Labels, bool[] Flipped) Symmetric(int[] clean, double rate, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = (int[])clean.Clone();
        var flipped = new bool[clean.Length];
        foreach (var row in Sample(clean.Length, (int)(rate * clean.Length), _ => true, random))
        {
            var other = random.Next(classes - 1);
            labels[row] = other >= clean[row] ? other + 1 : other;
            flipped[row] = true;
        }

        return (labels, flipped);
    }

    /// <summary>A share of all rows gets the label of its look-alike class.</summary>
    public static (int[] Labels, bool[] Flipped) BetweenConfusable(int[] clean, double rate, int seed)
    {
        var random = new Random(seed);
        var labels = (int[])clean.Clone();
        var flipped = new bool[clean.Length];
        foreach (var row in Sample(clean.Length, (int)(rate * clean.Length), r => Confusable[clean[r]] >= 0, random))
        {
            labels[row] = Confusable[clean[row]];
            flipped[row] = true;
        }

        return (labels, flipped);
    }

    private static List<int> Sample(int count, int take, Func<int, bool> eligible, Random random)
    {
        var rows = Enumerable.Range(0, count).Where(eligible).ToArray();
        random.Shuffle(rows);
        return [.. rows.Take(Math.Min(take, rows.Length))];
    }
}
