using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Bench.Embeddings.Domains;

/// <summary>A labelled set of objects on encoded images, served from memory.</summary>
internal sealed record BenchDomain(string Name, IReadOnlyList<Item> Items, IReadOnlyList<Annotation> Annotations, MemoryImageSource Images)
{
    public int[] LabelIds()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. Annotations.Select(a => ids.TryGetValue(a.Label, out var id) ? id : ids[a.Label] = ids.Count)];
    }

    public BenchDomain WithLabels(string name, IReadOnlyList<string> labels) =>
        this with { Name = name, Annotations = [.. Annotations.Select((a, i) => a with { Label = labels[i] })] };

    public static Item Item(string key, int width, int height) => new(key, key, width, height, new ItemLocation(0), key, key);

    public static Annotation Box(string key, string itemKey, string label, double x, double y, double w, double h) =>
        new(key, itemKey, label, ShapeKind.Rectangle, new PixelBox(x, y, w, h), "1", new AnnotationOrigin(key, "shape"));
}
