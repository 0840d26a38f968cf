using System.Text.Json;

namespace LabelBridge.Bench.Embeddings.Domains;

/// <summary>The 64 px Google emoji images of emoji-datasource-google, one per item, labelled by category or subcategory.</summary>
internal static class EmojiDomain
{
    public static (BenchDomain ByCategory, BenchDomain BySubcategory) Build(string packageDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(packageDirectory, "emoji.json")));
        var source = new MemoryImageSource();
        var items = new List<LabelBridge.Core.Vocabulary.Item>();
        var annotations = new List<LabelBridge.Core.Vocabulary.Annotation>();
        var subcategories = new List<string>();
        foreach (var emoji in json.RootElement.EnumerateArray())
        {
            var image = Path.Combine(packageDirectory, "img", "google", "64", emoji.GetProperty("image").GetString()!);
            if (!emoji.GetProperty("has_img_google").GetBoolean() || !File.Exists(image))
            {
                continue;
            }

            var key = "emoji/" + Path.GetFileNameWithoutExtension(image);
            source.Add(key, File.ReadAllBytes(image));
            items.Add(BenchDomain.Item(key, 64, 64));
            annotations.Add(BenchDomain.Box(key + "/0", key, emoji.GetProperty("category").GetString()!, 0, 0, 64, 64));
            subcategories.Add(emoji.GetProperty("subcategory").GetString()!);
        }

        var byCategory = new BenchDomain("emoji by category", items, annotations, source);
        return (byCategory, byCategory.WithLabels("emoji by subcategory", subcategories));
    }
}
