using LabelBridge.Embeddings.Import.Translation;

namespace LabelBridge.Embeddings.Import.Tests.Translation;

public sealed class TfPaddingTests
{
    [Theory]
    [InlineData(8, 3, 2, 0, 1, 4)]
    [InlineData(7, 3, 2, 1, 1, 4)]
    [InlineData(128, 3, 2, 0, 1, 64)]
    [InlineData(224, 3, 2, 0, 1, 112)]
    [InlineData(5, 3, 1, 1, 1, 5)]
    [InlineData(6, 1, 2, 0, 0, 3)]
    public void Same_padding_puts_the_odd_pixel_at_the_bottom_right(int input, int kernel, int stride, int begin, int end, int output)
    {
        Assert.Equal((begin, end, output), TfPadding.Resolve(PaddingMode.Same, input, kernel, stride, dilation: 1));
    }

    [Fact]
    public void Valid_padding_drops_the_incomplete_window()
    {
        Assert.Equal((0, 0, 3), TfPadding.Resolve(PaddingMode.Valid, 8, 3, 2, dilation: 1));
    }
}
