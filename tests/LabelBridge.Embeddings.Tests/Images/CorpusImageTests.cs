using LabelBridge.Embeddings.Images;

namespace LabelBridge.Embeddings.Tests.Images;

/// <summary>The image files of the bad-input corpus (tests/corpus/images): each bad one is refused with its named
/// reason, each odd-but-valid one decodes.</summary>
public sealed class CorpusImageTests
{
    private static readonly ImageLimits Limits = new(MaxPixels: 100_000_000);

    [Theory]
    [InlineData("pixel-bomb.png", "declares 100000×100000 pixels, over the limit of 100000000 pixels")]
    [InlineData("truncated.png", "truncated")]
    [InlineData("corrupt.jpg", "not a readable image")]
    [InlineData("not-an-image.png", "not a readable image")]
    public void Bad_corpus_image_is_refused_with_its_reason(string file, string reason)
    {
        var outcome = ImageDecoder.Decode(File.ReadAllBytes(Corpus.Image(file)), Limits);

        Assert.Null(outcome.Image);
        Assert.Contains(reason, outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixteen_bit_grey_corpus_image_decodes_to_its_gradient()
    {
        using var image = ImageDecoder.Decode(File.ReadAllBytes(Corpus.Image("gray16.png")), Limits).Image!;

        Assert.Equal((8, 8), (image.Width, image.Height));
        Assert.Equal(0, image.GetPixel(0, 0).Red);
        Assert.InRange(image.GetPixel(7, 7).Red, 220, 224);
        Assert.Equal(image.GetPixel(7, 7).Red, image.GetPixel(7, 7).Blue);
    }

    [Fact]
    public void Cmyk_corpus_image_decodes_to_red_and_green()
    {
        using var image = ImageDecoder.Decode(File.ReadAllBytes(Corpus.Image("cmyk.jpg")), Limits).Image!;

        var left = image.GetPixel(image.Width / 4, image.Height / 2);
        var right = image.GetPixel(image.Width * 3 / 4, image.Height / 2);
        Assert.True(left.Red > 200 && left.Green < 60, $"left is {left}");
        Assert.True(right.Green > 100 && right.Red < 60, $"right is {right}");
    }

    private static class Corpus
    {
        private static readonly string Directory = Find();

        public static string Image(string name) => Path.Combine(Directory, "images", name);

        private static string Find()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var corpus = Path.Combine(directory.FullName, "tests", "corpus");
                if (System.IO.Directory.Exists(corpus))
                {
                    return corpus;
                }
            }

            throw new InvalidOperationException("tests/corpus not found above the test binaries.");
        }
    }
}
