using System.Buffers.Binary;
using System.IO.Compression;

namespace LabelBridge.Emulators.Scenes;

/// <summary>Fashion-MNIST as the Debian package dataset-fashion-mnist installs it: gzipped IDX files.</summary>
public sealed class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const int Side = 28;

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private FashionMnist(byte[] pixels, byte[] labels)
    {
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Count × 784 grey values, 0 = background.</summary>
    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Side * Side, Side * Side);

    /// <summary>Loads the 10k test split, or explains what to install.</summary>
    public static async Task<FashionMnist> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var images = Path.Combine(directory, "t10k-images-idx3-ubyte.gz");
        var labels = Path.Combine(directory, "t10k-labels-idx1-ubyte.gz");
        if (!File.Exists(images) || !File.Exists(labels))
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST not found in {directory}: install the Debian package dataset-fashion-mnist (scripts/demo.sh does) or pass --fashion-mnist DIR.");
        }

        var pixelData = await ReadIdxAsync(images, expectedMagic: 2051, cancellationToken);
        var labelData = await ReadIdxAsync(labels, expectedMagic: 2049, cancellationToken);
        return new FashionMnist(pixelData, labelData);
    }

    private static async Task<byte[]> ReadIdxAsync(string path, int expectedMagic, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await gzip.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException($"{path} is not an IDX file of the expected kind (magic {magic}).");
        }

        var dimensions = magic & 0xFF;
        var header = 4 + (4 * dimensions);
        return bytes[header..].ToArray();
    }
}
