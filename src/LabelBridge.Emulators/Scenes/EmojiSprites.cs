using System.Text.Json;
using SkiaSharp;

namespace LabelBridge.Emulators.Scenes;

/// <summary>The 64 px Google emoji of the npm package emoji-datasource-google, classed by category (skin-tone
/// swatches, the "Component" category, left out): icons in their own colours, with transparent surroundings.</summary>
public sealed class EmojiSprites : ISpriteSet
{
    private const int ThumbnailSide = 16;
    private readonly List<byte[]> images;
    private readonly List<int> classes;

    private EmojiSprites(IReadOnlyList<string> classNames, List<byte[]> images, List<int> classes)
    {
        ClassNames = classNames;
        this.images = images;
        this.classes = classes;
    }

    public IReadOnlyList<string> ClassNames { get; }

    public int Count => images.Count;

    /// <summary>Reads the package's emoji.json and 64 px PNGs, or explains what to install.</summary>
    public static async Task<EmojiSprites> LoadAsync(string packageDirectory, CancellationToken cancellationToken)
    {
        var catalogue = Path.Combine(packageDirectory, "emoji.json");
        if (!File.Exists(catalogue))
        {
            throw new FileNotFoundException($"emoji-datasource-google not found in {packageDirectory}: install the npm package (bench/embeddings: npm ci).");
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(catalogue, cancellationToken));
        var names = new List<string>();
        var images = new List<byte[]>();
        var classes = new List<int>();
        foreach (var emoji in json.RootElement.EnumerateArray())
        {
            var category = emoji.GetProperty("category").GetString()!;
            var path = Path.Combine(packageDirectory, "img", "google", "64", emoji.GetProperty("image").GetString()!);
            if (category == "Component" || !emoji.GetProperty("has_img_google").GetBoolean() || !File.Exists(path))
            {
                continue;
            }

            var classIndex = names.IndexOf(category);
            if (classIndex < 0)
            {
                classIndex = names.Count;
                names.Add(category);
            }

            images.Add(await File.ReadAllBytesAsync(path, cancellationToken));
            classes.Add(classIndex);
        }

        return new EmojiSprites(names, images, classes);
    }

    public int ClassOf(int index) => classes[index];

    public SKImage Render(int index, SKColor tint) =>
        SKImage.FromEncodedData(images[index]) ?? throw new InvalidDataException($"emoji image {index} does not decode.");

    public float[] Thumbnail(int index)
    {
        using var decoded = SKBitmap.Decode(images[index]);
        using var small = decoded.Resize(new SKImageInfo(ThumbnailSide, ThumbnailSide, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
        var bytes = small.GetPixelSpan();
        var values = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            values[i] = bytes[i] / 255f;
        }

        return values;
    }
}
