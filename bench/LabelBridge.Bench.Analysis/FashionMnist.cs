using System.Buffers.Binary;
using System.IO.Compression;

namespace LabelBridge.Bench.Analysis;

/// <summary>Fashion-MNIST from its idx files (train + test, 70,000 images of 28×28 grey pixels).</summary>
internal static class FashionMnist
{
    public const int Side = 28;
    public const int Pixels = Side * Side;

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Pixels scaled to [0, 1], N×784, and the labels 0–9.</summary>
    public static (float[] Pixels, int[] Labels) Load(string directory)
    {
        var trainImages = ReadIdx(Path.Combine(directory, "train-images-idx3-ubyte.gz"));
        var testImages = ReadIdx(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"));
        var trainLabels = ReadIdx(Path.Combine(directory, "train-labels-idx1-ubyte.gz"));
        var testLabels = ReadIdx(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"));
        var images = trainImages.Concat(testImages).ToArray();
        var labels = trainLabels.Concat(testLabels).Select(b => (int)b).ToArray();
        var pixels = new float[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            pixels[i] = images[i] / 255f;
        }

        return (pixels, labels);
    }

    private static byte[] ReadIdx(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        var dimensions = bytes[3];
        var header = 4 + (4 * dimensions);
        var count = 1;
        for (var d = 0; d < dimensions; d++)
        {
            count *= BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d), 4));
        }

        return bytes.AsSpan(header, count).ToArray();
    }
}
