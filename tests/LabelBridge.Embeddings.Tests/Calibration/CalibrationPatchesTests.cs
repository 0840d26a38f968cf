using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Calibration;
using LabelBridge.Embeddings.Images;
using LabelBridge.Embeddings.Tests.Fixtures;
using SkiaSharp;

namespace LabelBridge.Embeddings.Tests.Calibration;

public sealed class CalibrationPatchesTests
{
    private static readonly ManifestInput Input = new("input", 16, 16, "NHWC", "RGB", [0f, 0f, 0f], [1f, 1f, 1f]);

    [Fact]
    public void A_folder_of_many_images_is_decoded_one_at_a_time_and_only_until_every_patch_has_its_image()
    {
        var images = Enumerable.Range(0, 200).Select(Image).ToList();
        var decoder = new CountingDecoder();

        var batches = CalibrationPatches.Render(() => images, Input, count: 24, batchSize: 16, seed: 1, decoder.Decode);

        Assert.Equal([16, 8], batches.Select(b => b.Count));
        Assert.Equal(1, decoder.MostAlive);
        Assert.Equal(24, decoder.Decoded);
    }

    [Fact]
    public void Fewer_images_than_patches_are_each_decoded_at_most_twice_and_give_the_patches_a_longer_folder_of_the_same_images_gives()
    {
        var five = Enumerable.Range(0, 5).Select(Image).ToList();
        // Patch i comes from image i mod 5 either way: round and round five images, or once through them repeated.
        var repeated = Enumerable.Range(0, 15).Select(i => five[i % 5]).ToList();
        var decoder = new CountingDecoder();

        var fromFive = CalibrationPatches.Render(() => five, Input, count: 12, batchSize: 8, seed: 3, decoder.Decode);
        var fromRepeated = CalibrationPatches.Render(() => repeated, Input, count: 12, batchSize: 8, seed: 3, new CountingDecoder().Decode);

        Assert.Equal(1, decoder.MostAlive);
        Assert.Equal(10, decoder.Decoded);
        Assert.Equal(fromRepeated.Select(b => b.Count), fromFive.Select(b => b.Count));
        for (var b = 0; b < fromFive.Count; b++)
        {
            Assert.Equal(fromRepeated[b].Values, fromFive[b].Values);
        }

        Assert.Equal(fromFive[0].Values, CalibrationPatches.Render(five, Input, 12, 8, seed: 3)[0].Values);
    }

    [Fact]
    public async Task Images_that_cannot_be_decoded_are_skipped_and_none_decodable_is_refused()
    {
        List<byte[]> images = [[1, 2, 3], Image(1), [4, 5]];

        var batches = await CalibrationPatches.RenderAsync(() => images.ToAsyncEnumerable(), Input, 3, 2, seed: 1, TestContext.Current.CancellationToken);

        Assert.Equal([2, 1], batches.Select(b => b.Count));
        Assert.Throws<ArgumentException>(() => CalibrationPatches.Render([[1, 2, 3]], Input, 3, 2, seed: 1));
    }

    private static byte[] Image(int i) => TestImages.Halves(40 + (i % 7), 30 + (i % 5), new SKColor((byte)(i * 37), 40, 90), new SKColor(200, (byte)(i * 11), 10));

    /// <summary>Decodes as the sampler does and notes how many of the bitmaps it handed out are still alive at each decode.</summary>
    private sealed class CountingDecoder
    {
        private readonly List<SKBitmap> handed = [];

        public int Decoded => handed.Count;

        public int MostAlive { get; private set; }

        public SKBitmap? Decode(byte[] bytes)
        {
            var bitmap = ImageDecoder.Decode(bytes, new ImageLimits(100_000_000)).Image;
            if (bitmap is not null)
            {
                handed.Add(bitmap);
                MostAlive = Math.Max(MostAlive, handed.Count(b => b.Handle != IntPtr.Zero));
            }

            return bitmap;
        }
    }
}
