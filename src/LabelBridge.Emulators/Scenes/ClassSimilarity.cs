namespace LabelBridge.Emulators.Scenes;

/// <summary>Which classes look alike: the distance between the mean thumbnails of their sprites.</summary>
/// <remarks>Crude on purpose — what a real annotator confuses is what looks alike at a glance, and the planted
/// mislabels only need to lean the same way, not to follow any one embedder.</remarks>
internal static class ClassSimilarity
{
    private const int SamplesPerClass = 200;

    /// <summary>For each class in <paramref name="classes"/>, the other classes, most alike first.</summary>
    public static Dictionary<int, int[]> Rank(ISpriteSet sprites, IReadOnlyList<int> classes)
    {
        var means = new Dictionary<int, float[]>();
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < sprites.Count; i++)
        {
            var label = sprites.ClassOf(i);
            if (!classes.Contains(label) || counts.GetValueOrDefault(label) >= SamplesPerClass)
            {
                continue;
            }

            var thumbnail = sprites.Thumbnail(i);
            var sum = means.TryGetValue(label, out var existing) ? existing : means[label] = new float[thumbnail.Length];
            System.Numerics.Tensors.TensorPrimitives.Add(sum, thumbnail, sum);
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        foreach (var (label, sum) in means)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(sum, counts[label], sum);
        }

        return classes.ToDictionary(c => c, c => classes.Where(o => o != c && means.ContainsKey(o))
            .OrderBy(o => System.Numerics.Tensors.TensorPrimitives.Distance(means[c], means[o]))
            .ThenBy(o => o)
            .ToArray());
    }
}
