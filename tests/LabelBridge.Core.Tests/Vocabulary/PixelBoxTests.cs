using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Vocabulary;

public sealed class PixelBoxTests
{
    [Fact]
    public void The_box_of_points_spans_their_extremes()
    {
        var box = PixelBox.FromPoints([10, 20, 30, 5, 15, 40]);

        Assert.Equal(new PixelBox(10, 5, 20, 35), box);
        Assert.Equal(30, box.Right);
        Assert.Equal(40, box.Bottom);
    }

    [Fact]
    public void Points_must_come_in_pairs()
    {
        Assert.Throws<ArgumentException>(() => PixelBox.FromPoints([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => PixelBox.FromPoints([]));
    }

    [Fact]
    public void The_union_holds_both_boxes()
    {
        var union = new PixelBox(0, 0, 10, 10).Union(new PixelBox(5, -5, 10, 10));

        Assert.Equal(new PixelBox(0, -5, 15, 15), union);
    }

    [Fact]
    public void The_key_string_is_rounded_and_culture_independent()
    {
        Assert.Equal("1.5,2,3.33,4", new PixelBox(1.5, 2, 3.333333, 4).ToKeyString());
    }
}
