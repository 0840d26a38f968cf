using LabelBridge.Core.Vocabulary;
using LabelBridge.LabelStudio.Reading;

namespace LabelBridge.LabelStudio.Tests.Reading;

public sealed class RegionGeometryTests
{
    [Fact]
    public void Percentages_become_pixels_of_the_original_image()
    {
        var box = RegionGeometry.Rectangle(10, 20, 30, 40, 0, 1000, 500);

        AssertBox(new PixelBox(100, 100, 300, 200), box);
    }

    [Fact]
    public void Quarter_turn_swings_the_box_down_and_left_about_its_top_left_corner()
    {
        // 200×50 px at (100, 50), turned 90° clockwise: it now hangs down from (100, 50), to the left of it.
        var box = RegionGeometry.Rectangle(10, 10, 20, 10, 90, 1000, 500);

        AssertBox(new PixelBox(50, 50, 50, 200), box);
    }

    [Fact]
    public void Rotated_square_is_bounded_by_its_four_corners()
    {
        var box = RegionGeometry.Rectangle(10, 10, 10, 10, 45, 1000, 1000);

        var diagonal = 100 * Math.Sqrt(2);
        AssertBox(new PixelBox(100 - (diagonal / 2), 100, diagonal, diagonal), box);
    }

    [Fact]
    public void Full_turn_is_the_same_as_no_rotation()
    {
        AssertBox(RegionGeometry.Rectangle(5, 5, 20, 20, 0, 640, 480), RegionGeometry.Rectangle(5, 5, 20, 20, 360, 640, 480));
    }

    [Fact]
    public void Polygon_box_spans_its_extreme_points()
    {
        var box = RegionGeometry.Polygon([10, 50, 40, 20, 30, 90], 200, 100);

        AssertBox(new PixelBox(20, 20, 60, 70), box);
    }

    internal static void AssertBox(PixelBox expected, PixelBox actual)
    {
        Assert.Equal(expected.X, actual.X, 6);
        Assert.Equal(expected.Y, actual.Y, 6);
        Assert.Equal(expected.Width, actual.Width, 6);
        Assert.Equal(expected.Height, actual.Height, 6);
    }
}
