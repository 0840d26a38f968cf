using SkiaSharp;

namespace LabelBridge.Embeddings.Import.Tests.DefaultModelChecks;

/// <summary>Ordinary photos from the Debian package python3-skimage (scikit-image's sample data), as NHWC RGB floats in [0,1].</summary>
internal static class Photos
{
    private const string DebianSampleDirectory = "/usr/lib/python3/dist-packages/skimage/data";

    public static float[] Load(int size, params string[] names)
    {
        var directory = Environment.GetEnvironmentVariable("LABELBRIDGE_TEST_PHOTOS") ?? DebianSampleDirectory;
        var batch = new float[names.Length * size * size * 3];
        for (var i = 0; i < names.Length; i++)
        {
            var path = Path.Combine(directory, names[i]);
            if (!File.Exists(path))
            {
                Prerequisite.Missing($"Photo {path} is missing; install the Debian package python3-skimage (or set LABELBRIDGE_TEST_PHOTOS).");
            }

            using var decoded = SKBitmap.Decode(path);
            using var resized = decoded.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear));
            var offset = i * size * size * 3;
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var pixel = resized.GetPixel(x, y);
                var at = offset + (((y * size) + x) * 3);
                batch[at] = pixel.Red / 255f;
                batch[at + 1] = pixel.Green / 255f;
                batch[at + 2] = pixel.Blue / 255f;
            }
        }

        return batch;
    }

    public static float[] MirrorHorizontally(float[] image, int size)
    {
        var mirrored = new float[image.Length];
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        for (var c = 0; c < 3; c++)
        {
            mirrored[(((y * size) + x) * 3) + c] = image[(((y * size) + (size - 1 - x)) * 3) + c];
        }

        return mirrored;
    }
}
