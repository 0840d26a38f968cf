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
/// so the activation ranges seen are those of real crops rather than of whole scenes.</remarks>
public static class CalibrationPatches
{
    /// <summary>Renders <paramref name="count"/> patches from <paramref name="encodedImages"/> in batches of up to
    /// <paramref name="batchSize"/>; each batch is the model input's float values for that many patches.</summary>
    public static IReadOnlyList<(float[] Values, int Count)> Render(
        IReadOnlyList<byte[]> encodedImages, ManifestInput input, int count, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(encodedImages);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var images = new List<SKBitmap>();
        try
        {
            foreach (var bytes in encodedImages)
            {
                if (ImageDecoder.Decode(bytes, new ImageLimits(100_000_000)).Image is { } image)
                {
                    images.Add(image);
                }
            }

            if (images.Count == 0)
            {
                throw new ArgumentException("None of the calibration images could be decoded.", nameof(encodedImages));
            }

            var random = new Random(seed);
            using var renderer = new PatchRenderer(input.Width, input.Height);
            var plane = input.Width * input.Height;
            var batches = new List<(float[] Values, int Count)>();
            for (var start = 0; start < count; start += batchSize)
            {
                var n = Math.Min(batchSize, count - start);
                var values = new float[n * plane * 3];
                for (var i = 0; i < n; i++)
                {
                    var image = images[(start + i) % images.Count];
                    var patch = renderer.Render(image, RandomBox(random, image.Width, image.Height), PatchResizeMode.Letterbox);
                    TensorFill.Fill(patch, 1, input, values.AsSpan(i * plane * 3, plane * 3));
                }

                batches.Add((values, n));
            }

            return batches;
        }
        finally
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }
    }

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
}
