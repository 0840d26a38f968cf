using SkiaSharp;

namespace LabelBridge.Bench.Embeddings.Domains;

/// <summary>Items cut from real photos (scikit-image's sample data), re-encoded as JPEG, with random boxes on them.</summary>
internal static class PhotoDomain
{
    public static BenchDomain Build(string photoDirectory, int items, int boxesPerItem, int seed)
    {
        var photos = Directory.EnumerateFiles(photoDirectory)
            .Where(p => p.EndsWith(".png", StringComparison.Ordinal) || p.EndsWith(".jpg", StringComparison.Ordinal))
            .Select(SKBitmap.Decode)
            .Where(b => b is not null && b.Width >= 300 && b.Height >= 300)
            .ToList();
        var random = new Random(seed);
        var source = new MemoryImageSource();
        var itemList = new List<LabelBridge.Core.Vocabulary.Item>();
        var annotations = new List<LabelBridge.Core.Vocabulary.Annotation>();
        const int width = 640, height = 480;
        for (var i = 0; i < items; i++)
        {
            var photo = photos[i % photos.Count];
            var key = $"photo/{i}";
            using var bitmap = new SKBitmap(width, height);
            using (var canvas = new SKCanvas(bitmap))
            {
                var cropWidth = random.Next(photo.Width / 2, photo.Width);
                var cropHeight = random.Next(photo.Height / 2, photo.Height);
                var x = random.Next(0, photo.Width - cropWidth + 1);
                var y = random.Next(0, photo.Height - cropHeight + 1);
                canvas.DrawBitmap(photo, new SKRect(x, y, x + cropWidth, y + cropHeight), new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear), null);
            }

            using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
            {
                source.Add(key, data.ToArray());
            }

            itemList.Add(BenchDomain.Item(key, width, height));
            for (var b = 0; b < boxesPerItem; b++)
            {
                var w = random.Next(24, 200);
                var h = random.Next(24, 200);
                annotations.Add(BenchDomain.Box($"{key}/{b}", key, "object", random.Next(0, width - w), random.Next(0, height - h), w, h));
            }
        }

        foreach (var photo in photos)
        {
            photo.Dispose();
        }

        return new BenchDomain("photos", itemList, annotations, source);
    }
}
