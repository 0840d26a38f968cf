using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.Tests.Reading;

public sealed class GeometryTests
{
    [Theory]
    [InlineData("rectangle", new double[] { 10, 20, 30, 60 }, 0, "10,20,20,40")]
    [InlineData("rectangle", new double[] { 0, 0, 100, 50 }, 90, "25,-25,50,100")]
    [InlineData("rectangle", new double[] { 0, 0, 100, 100 }, 45, "-20.71,-20.71,141.42,141.42")]
    [InlineData("ellipse", new double[] { 50, 50, 80, 40 }, 0, "20,40,60,20")]
    [InlineData("ellipse", new double[] { 50, 50, 80, 40 }, 90, "40,20,20,60")]
    [InlineData("mask", new double[] { 3, 4, 5, 10, 20, 19, 39 }, 0, "10,20,10,20")]
    [InlineData("polygon", new double[] { 5, 5, 15, 2, 9, 30 }, 0, "5,2,10,28")]
    [InlineData("points", new double[] { 7, 8 }, 0, "7,8,0,0")]
    public void Each_geometry_reduces_to_its_bounding_box(string type, double[] points, double rotation, string expected)
    {
        Assert.True(ShapeGeometry.TryBox(type, points, rotation, out var box, out _, out var problem), problem);
        Assert.Equal(expected, box.ToKeyString());
    }

    [Theory]
    [InlineData("rectangle", new double[] { 1, 2, 3 }, "rectangle has 3 coordinates, expected exactly 4")]
    [InlineData("polygon", new double[] { 1, 2, 3 }, "polygon has 3 coordinates, expected a non-empty list of x, y pairs")]
    [InlineData("cuboid", new double[] { 1, 2, 3, 4 }, "cuboid has 4 coordinates, expected 16 coordinates (8 points)")]
    [InlineData("rectangle", new double[] { double.NaN, 2, 3, 4 }, "rectangle has a non-finite coordinate")]
    [InlineData("spline", new double[] { 1, 2 }, "unknown shape type 'spline'")]
    public void Malformed_geometry_is_a_named_problem(string type, double[] points, string expected)
    {
        Assert.False(ShapeGeometry.TryBox(type, points, 0, out _, out _, out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rectangle_track_moves_linearly_between_keyframes_and_stays_after_the_last()
    {
        IReadOnlyList<CvatTrackedShape> keys =
        [
            new("rectangle", 2, [0, 0, 10, 10], 0, false, false),
            new("rectangle", 6, [40, 0, 50, 10], 0, false, false),
        ];

        var frames = TrackExpander.Expand(keys, 0, 8).ToList();

        Assert.Equal([2, 3, 4, 5, 6, 7, 8], frames.Select(f => f.Frame));
        Assert.Equal([0, 10, 20, 30, 40, 40, 40], frames.Select(f => f.Points[0]));
    }

    [Fact]
    public void Track_outside_keyframe_hides_the_box_until_it_reappears()
    {
        IReadOnlyList<CvatTrackedShape> keys =
        [
            new("rectangle", 0, [0, 0, 10, 10], 0, false, false),
            new("rectangle", 2, [0, 0, 10, 10], 0, false, true),
            new("rectangle", 5, [5, 5, 15, 15], 0, false, false),
        ];

        var frames = TrackExpander.Expand(keys, 0, 6).Select(f => f.Frame).ToList();

        Assert.Equal([0, 1, 5, 6], frames);
    }

    [Fact]
    public void Rotation_interpolates_the_short_way_round()
    {
        IReadOnlyList<CvatTrackedShape> keys =
        [
            new("rectangle", 0, [0, 0, 10, 10], 350, false, false),
            new("rectangle", 2, [0, 0, 10, 10], 10, false, false),
        ];

        var middle = TrackExpander.Expand(keys, 0, 2).ElementAt(1);

        Assert.Equal(0, middle.Rotation, 6);
    }
}
