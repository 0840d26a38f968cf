using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Models;
using LabelBridge.Embeddings.Patches;
using SkiaSharp;

namespace LabelBridge.Embeddings.Calibration;

/// <summary>Sample patches for calibrating a quantized model: seeded random boxes cut from the given images and prepared
/// exactly as the embedder prepares a patch for that model (letterboxed, scaled, normalised, in its layout).</summary>
/// <remarks>The boxes span 10–60% of an image's shorter side with aspect ratios 1:2 to 2:1, the spread of annotation boxes,
/// so the activation ranges seen are those of real crops rather than of whole scenes. Patch <c>i</c> comes from the
/// <c>i</c>-th decodable image, round and round when there are fewer images than patches. Images are decoded one at a
/// time and let go before the next (a folder of ten thousand photos is not held decoded at once), and reading stops once
/// every patch has its image; with fewer images than patches the images are read a second time, each decoded once more
/// for all of its remaining patches.</remarks>
public static class CalibrationPatches
{
    private static readonly ImageLimits Limits = new(100_000_000);

    /// <summary>Renders <paramref name="count"/> patches from <paramref name="encodedImages"/> in batches of up to
    /// <paramref name="batchSize"/>; each batch is the model input's float values for that many patches.</summary>
    public static IReadOnlyList<(float[] Values, int Count)> Render(
        IReadOnlyList<byte[]> encodedImages, ManifestInput input, int count, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(encodedImages);
        return Render(() => encodedImages, input, count, batchSize, seed, Decode);
    }

    /// <summary>Like <see cref="Render(IReadOnlyList{byte[]}, ManifestInput, int, int, int)"/>, reading the images as it
    /// goes: <paramref name="encodedImages"/> is enumerated once, or twice when it holds fewer decodable images than
    /// <paramref name="count"/>, and must give the same images in the same order each time.</summary>
    public static async Task<IReadOnlyList<(float[] Values, int Count)>> RenderAsync(
        Func<IAsyncEnumerable<byte[]>> encodedImages, ManifestInput input, int count, int batchSize, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encodedImages);
        using var sampler = new Sampler(input, count, batchSize, seed, Decode);
        await foreach (var bytes in encodedImages().WithCancellation(cancellationToken))
        {
            if (!sampler.First(bytes))
            {
                break;
            }
        }

        if (sampler.NeedsSecondPass())
        {
            await foreach (var bytes in encodedImages().WithCancellation(cancellationToken))
            {
                if (!sampler.Second(bytes))
                {
                    break;
                }
            }
        }

        return sampler.Batches;
    }

    /// <summary>The sampler with its decoder given (tests count the bitmaps alive at once).</summary>
    internal static IReadOnlyList<(float[] Values, int Count)> Render(
        Func<IEnumerable<byte[]>> encodedImages, ManifestInput input, int count, int batchSize, int seed, Func<byte[], SKBitmap?> decode)
    {
        using var sampler = new Sampler(input, count, batchSize, seed, decode);
        foreach (var bytes in encodedImages())
        {
            if (!sampler.First(bytes))
            {
                break;
            }
        }

        if (sampler.NeedsSecondPass())
        {
            foreach (var bytes in encodedImages())
            {
                if (!sampler.Second(bytes))
                {
                    break;
                }
            }
        }

        return sampler.Batches;
    }

    private static SKBitmap? Decode(byte[] bytes) => ImageDecoder.Decode(bytes, Limits).Image;

    private static SKRectI RandomBox(Random random, int width, int height)
    {
        var side = Math.Min(width, height) * (0.1 + (0.5 * random.NextDouble()));
        var aspect = Math.Pow(2, (2 * random.NextDouble()) - 1);
        var w = Math.Clamp((int)(side * Math.Sqrt(aspect)), 1, width);
        var h = Math.Clamp((int)(side / Math.Sqrt(aspect)), 1, height);
        var x = random.Next(0, width - w + 1);
        var y = random.Next(0, height - h + 1);
        return new SKRectI(x, y, x + w, y + h);
    }

    /// <summary>Cuts patches image by image into preallocated batches. The first pass gives patch <c>i</c> to the
    /// <c>i</c>-th decodable image; when the images run out first, the boxes of the remaining patches are drawn (in patch
    /// order, from the sizes seen, so the random sequence is the one a single pass over all images held at once would draw)
    /// and the second pass cuts each image's share of them from one more decode.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly ManifestInput input;
        private readonly int count;
        private readonly int batchSize;
        private readonly int plane;
        private readonly Random random;
        private readonly Func<byte[], SKBitmap?> decode;
        private readonly PatchRenderer renderer;
        private readonly List<(float[] Values, int Count)> batches = [];

        // Per image read in the first pass: its decoded index, or -1 when it could not be decoded.
        private readonly List<int> decodedIndexOfSource = [];
        private readonly List<(int Width, int Height)> sizes = [];
        private List<(int Patch, SKRectI Box)>[] remaining = [];
        private int filled;
        private int secondSource;

        public Sampler(ManifestInput input, int count, int batchSize, int seed, Func<byte[], SKBitmap?> decode)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
            this.input = input;
            this.count = count;
            this.batchSize = batchSize;
            this.decode = decode;
            plane = input.Width * input.Height;
            random = new Random(seed);
            renderer = new PatchRenderer(input.Width, input.Height);
            for (var start = 0; start < count; start += batchSize)
            {
                var n = Math.Min(batchSize, count - start);
                batches.Add((new float[n * plane * 3], n));
            }
        }

        public IReadOnlyList<(float[] Values, int Count)> Batches => batches;

        /// <summary>Cuts the next patch from this image; false once every patch has its image.</summary>
        public bool First(byte[] bytes)
        {
            using var image = decode(bytes);
            if (image is null)
            {
                decodedIndexOfSource.Add(-1);
                return true;
            }

            decodedIndexOfSource.Add(sizes.Count);
            sizes.Add((image.Width, image.Height));
            Cut(image, filled, RandomBox(random, image.Width, image.Height));
            filled++;
            return filled < count;
        }

        /// <summary>After the first pass: true when the images ran out before the patches, with the remaining boxes drawn.</summary>
        public bool NeedsSecondPass()
        {
            if (sizes.Count == 0)
            {
                throw new ArgumentException("None of the calibration images could be decoded.");
            }

            if (filled == count)
            {
                return false;
            }

            remaining = new List<(int, SKRectI)>[sizes.Count];
            for (var i = 0; i < remaining.Length; i++)
            {
                remaining[i] = [];
            }

            for (var patch = filled; patch < count; patch++)
            {
                var image = patch % sizes.Count;
                var (width, height) = sizes[image];
                remaining[image].Add((patch, RandomBox(random, width, height)));
            }

            return true;
        }

        /// <summary>Cuts this image's share of the remaining patches; false once past the last decodable image.</summary>
        public bool Second(byte[] bytes)
        {
            if (secondSource >= decodedIndexOfSource.Count)
            {
                return false;
            }

            var index = decodedIndexOfSource[secondSource++];
            if (index < 0)
            {
                return true;
            }

            using var image = decode(bytes)
                ?? throw new InvalidDataException("A calibration image that decoded on the first reading did not decode on the second.");
            if ((image.Width, image.Height) != sizes[index])
            {
                throw new InvalidDataException("A calibration image changed between the two readings.");
            }

            foreach (var (patch, box) in remaining[index])
            {
                Cut(image, patch, box);
            }

            return secondSource < decodedIndexOfSource.Count;
        }

        public void Dispose() => renderer.Dispose();

        private void Cut(SKBitmap image, int patch, SKRectI box)
        {
            var rendered = renderer.Render(image, box, PatchResizeMode.Letterbox);
            var (values, _) = batches[patch / batchSize];
            TensorFill.Fill(rendered, 1, input, values.AsSpan((patch % batchSize) * plane * 3, plane * 3));
        }
    }
}
