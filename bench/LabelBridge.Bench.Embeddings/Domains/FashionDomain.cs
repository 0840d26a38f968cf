using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace LabelBridge.Bench.Embeddings.Domains;

/// <summary>Fashion-MNIST garments pasted at random sizes, places and tints onto textured backgrounds, two per image,
/// and cropped back by their boxes.</summary>
internal static class FashionDomain
{
    private static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static BenchDomain Build(string directory, int objects, int seed)
    {
        var images = ReadIdx(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"), 16);
        var labels = ReadIdx(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"), 8);
        var random = new Random(seed);
        var source = new MemoryImageSource();
        var items = new List<LabelBridge.Core.Vocabulary.Item>();
        var annotations = new List<LabelBridge.Core.Vocabulary.Annotation>();
        const int width = 224, height = 160;
        for (var start = 0; start < objects; start += 2)
        {
            var key = $"fashion/{start / 2}";
            var boxes = new List<(SKRect Box, int Index)>();
            var bytes = Draw(width, height, canvas =>
            {
                Background(canvas, width, height, random);
                for (var k = 0; k < 2 && start + k < objects; k++)
                {
                    var size = random.Next(40, 100);
                    var x = (k * width / 2) + random.Next(0, (width / 2) - size);
                    var y = random.Next(0, height - size);
                    var box = new SKRect(x, y, x + size, y + size);
                    Paste(canvas, images.AsSpan((start + k) * 784, 784), box, SKColor.FromHsv(random.Next(360), random.Next(20, 90), random.Next(70, 100)));
                    boxes.Add((box, start + k));
                }
            });
            source.Add(key, bytes);
            items.Add(BenchDomain.Item(key, width, height));
            foreach (var (box, index) in boxes)
            {
                annotations.Add(BenchDomain.Box($"{key}/{index}", key, ClassNames[labels[index]], box.Left, box.Top, box.Width, box.Height));
            }
        }

        return new BenchDomain("fashion-mnist pasted", items, annotations, source);
    }

    private static void Background(SKCanvas canvas, int width, int height, Random random)
    {
        canvas.Clear(SKColor.FromHsv(random.Next(360), random.Next(10, 50), random.Next(25, 75)));
        using var noise = new SKPaint
        {
            Shader = SKShader.CreatePerlinNoiseTurbulence(0.02f + (random.NextSingle() * 0.1f), 0.02f + (random.NextSingle() * 0.1f), 3, random.Next()),
            BlendMode = SKBlendMode.Overlay,
        };
        canvas.DrawRect(0, 0, width, height, noise);
    }

    /// <summary>The garment's intensity becomes the alpha of a tinted layer.</summary>
    private static void Paste(SKCanvas canvas, ReadOnlySpan<byte> garment, SKRect box, SKColor tint)
    {
        using var layer = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var i = 0; i < 784; i++)
        {
            layer.SetPixel(i % 28, i / 28, tint.WithAlpha(garment[i]));
        }

        canvas.DrawBitmap(layer, box, new SKSamplingOptions(SKFilterMode.Linear), null);
    }

    private static byte[] Draw(int width, int height, Action<SKCanvas> paint)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            paint(canvas);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static byte[] ReadIdx(string path, int headerBytes)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        var all = buffer.ToArray();
        _ = BinaryPrimitives.ReadInt32BigEndian(all);
        return all[headerBytes..];
    }
}
