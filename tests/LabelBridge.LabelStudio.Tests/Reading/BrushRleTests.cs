using System.Text.Json;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.LabelStudio;
using LabelBridge.LabelStudio.Reading;

namespace LabelBridge.LabelStudio.Tests.Reading;

public sealed class BrushRleTests
{
    [Fact]
    public void Mask_of_a_painted_rectangle_has_that_rectangle_as_its_box()
    {
        var rle = BrushMasks.Rectangle(64, 48, 10, 5, 30, 20);

        var (box, error) = BrushRle.BoundingBox(Bytes(rle), 64, 48);

        Assert.Null(error);
        Assert.Equal(new PixelBox(10, 5, 20, 15), box);
    }

    [Fact]
    public void Mask_spanning_a_row_boundary_covers_the_full_width()
    {
        var rle = BrushMasks.Encode(16, 4, (x, y) => (y == 1 && x >= 14) || (y == 2 && x <= 1));

        var (box, _) = BrushRle.BoundingBox(Bytes(rle), 16, 4);

        Assert.Equal(new PixelBox(0, 1, 16, 2), box);
    }

    [Theory]
    [InlineData(0, 689, 41, 79, 230)]
    [InlineData(1, 593, 108, 81, 149)]
    [InlineData(2, 122, 31, 92, 221)]
    public void Masks_from_label_studio_ml_backend_decode_to_their_known_boxes(int region, int x, int y, int width, int height)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "mlbackend_yolo_predict__test_brush_labels.json")));
        var result = document.RootElement[0].GetProperty("result")[region];
        var rle = result.GetProperty("value").GetProperty("rle").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();

        var (box, error) = BrushRle.BoundingBox(rle, result.GetProperty("original_width").GetInt32(), result.GetProperty("original_height").GetInt32());

        Assert.Null(error);
        Assert.Equal(new PixelBox(x, y, width, height), box);
    }

    [Fact]
    public void Truncated_stream_is_a_named_error()
    {
        var rle = Bytes(BrushMasks.Rectangle(64, 48, 10, 5, 30, 20));

        var (box, error) = BrushRle.BoundingBox(rle.AsSpan(0, rle.Length / 2), 64, 48);

        Assert.Null(box);
        Assert.Contains("ends after", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_of_another_image_size_is_a_named_error()
    {
        var (_, error) = BrushRle.BoundingBox(Bytes(BrushMasks.Rectangle(64, 48, 1, 1, 2, 2)), 100, 48);

        Assert.Contains("not 100×48×4", error, StringComparison.Ordinal);
    }

    private static byte[] Bytes(int[] rle) => [.. rle.Select(b => (byte)b)];
}
