using LabelBridge.Embeddings.Choice;
using LabelBridge.Embeddings.Pixels;

namespace LabelBridge.Embeddings.Tests.Choice;

public sealed class KnnAgreementTests
{
    [Fact]
    public void Separated_classes_agree_fully_and_mixed_ones_do_not()
    {
        float[] separated = [1, 0, 0.99f, 0.14f, 0.98f, 0.2f, 0, 1, 0.14f, 0.99f, 0.2f, 0.98f];
        int[] labels = [0, 0, 0, 1, 1, 1];
        int[] swapped = [0, 1, 0, 1, 0, 1];

        Assert.Equal(1.0, KnnAgreement.Score(separated, 2, labels, k: 2));
        Assert.True(KnnAgreement.Score(separated, 2, swapped, k: 2) < 0.5);
    }

    [Fact]
    public void Pixel_embedding_ignores_brightness_and_contrast()
    {
        var embedder = new PixelPatchEmbedder(4);
        var dark = new byte[64];
        var bright = new byte[64];
        for (var i = 0; i < 16; i++)
        {
            var value = (byte)(i % 2 == 0 ? 10 : 30);
            dark.AsSpan(4 * i, 3).Fill(value);
            bright.AsSpan(4 * i, 3).Fill((byte)(value * 4));
        }

        var vectors = new float[32];
        embedder.Embed([.. dark, .. bright], 2, vectors);

        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(vectors[i], vectors[16 + i], 4);
        }

        Assert.Equal(0.25f, Math.Abs(vectors[0]), 4);
    }
}
