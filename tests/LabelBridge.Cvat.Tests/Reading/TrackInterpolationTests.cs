using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Reading;
using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Reading;

/// <summary>Tracks between keyframes as CVAT interpolates them (cvat/apps/dataset_manager/annotation.py
/// TrackManager.get_interpolated_shapes). The expected points were computed with CVAT's own interpolate_position and
/// polyshape_interpolation (commit 4c4f6b5 of cvat-ai/cvat) on the same keyframes.</summary>
public sealed class TrackInterpolationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Polygon_track_from_a_triangle_to_a_quadrilateral_moves_point_by_point_as_cvat_draws_it()
    {
        IReadOnlyList<CvatTrackedShape> keys =
        [
            new("polygon", 0, [0, 0, 10, 0, 5, 10], 0, false, false),
            new("polygon", 4, [20, 0, 30, 0, 25, 10, 20, 5], 0, false, false),
        ];

        var frames = TrackExpander.Expand(keys, 0, 4).ToList();

        Assert.Equal([0, 0, 10, 0, 5, 10], frames[0].Points);
        Assert.Equal([5, 0, 15, 0, 10, 10, 5, 1.25], frames[1].Points);
        Assert.Equal([10, 0, 20, 0, 15, 10, 10, 2.5], frames[2].Points);
        Assert.Equal([15, 0, 25, 0, 20, 10, 15, 3.75], frames[3].Points);
        Assert.Equal([20, 0, 30, 0, 25, 10, 20, 5], frames[4].Points);
    }

    [Theory]
    [InlineData("polygon", new double[] { 0, 0, 40, 0, 40, 40, 0, 40 }, new double[] { 10, 10, 30, 10, 20, 30 }, new double[] { 5, 5, 35, 5, 30, 35, 10, 35 })]
    [InlineData("polygon", new double[] { 0, 0, 10, 0, 10, 10, 0, 10 }, new double[] { 20, 0, 30, 0, 30, 10, 20, 10 }, new double[] { 10, 0, 20, 0, 20, 10, 10, 10 })]
    [InlineData("polyline", new double[] { 0, 0, 10, 0, 20, 0 }, new double[] { 0, 10, 5, 12, 10, 10, 15, 12, 20, 10 }, new double[] { 0, 5, 2.5, 6, 10, 5, 12.5, 6, 20, 5 })]
    public void Halfway_between_two_keyframes_a_polyshape_has_cvats_points(string type, double[] first, double[] second, double[] halfway)
    {
        IReadOnlyList<CvatTrackedShape> keys = [new(type, 0, first, 0, false, false), new(type, 2, second, 0, false, false)];

        var middle = TrackExpander.Expand(keys, 0, 2).Single(f => f.Frame == 1);

        Assert.Equal(halfway, middle.Points);
    }

    [Fact]
    public void A_set_of_several_points_keeps_the_earlier_keyframe_and_a_single_point_moves()
    {
        IReadOnlyList<CvatTrackedShape> several = [new("points", 0, [0, 0, 10, 10], 0, false, false), new("points", 2, [20, 20, 30, 30], 0, false, false)];
        IReadOnlyList<CvatTrackedShape> single = [new("points", 0, [0, 0], 0, false, false), new("points", 2, [20, 20], 0, false, false)];

        Assert.Equal([0, 0, 10, 10], TrackExpander.Expand(several, 0, 2).Single(f => f.Frame == 1).Points);
        Assert.Equal([10, 10], TrackExpander.Expand(single, 0, 2).Single(f => f.Frame == 1).Points);
    }

    [Fact]
    public void An_exact_half_turn_turns_by_one_degree_over_the_span_as_cvats_find_angle_diff_does()
    {
        IReadOnlyList<CvatTrackedShape> keys = [new("rectangle", 0, [0, 0, 10, 10], 10, false, false), new("rectangle", 2, [0, 0, 10, 10], 190, false, false)];

        Assert.Equal(10.5, TrackExpander.Expand(keys, 0, 2).Single(f => f.Frame == 1).Rotation, 9);
    }

    [Fact]
    public async Task A_keyframe_on_a_deleted_frame_still_steers_the_frames_around_it_and_is_not_an_item()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("deleted keyframe");
        var car = project.AddLabel(model, "car").Id;
        var task = model.AddTask(project, "street", [.. Enumerable.Range(0, 5).Select(i => new EmulatedFrame($"f{i}.png", 400, 300))], segmentSize: 5);
        task.DeletedFrames.Add(2);
        var track = model.NextId();
        task.Jobs[0].Tracks.Add(A.Track(track, 0, car, [
            A.TrackedShape(model.NextId(), "polygon", 0, [0, 0, 10, 0, 5, 10]),
            A.TrackedShape(model.NextId(), "polygon", 2, [100, 0, 110, 0, 105, 10]),
            A.TrackedShape(model.NextId(), "polygon", 4, [100, 100, 110, 100, 105, 110])]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Empty(snapshot.Problems);
        var boxes = snapshot.Annotations.ToDictionary(a => a.Key, a => a.Box);
        Assert.Equal([$"cvat:track/{track}@0", $"cvat:track/{track}@1", $"cvat:track/{track}@3", $"cvat:track/{track}@4"], boxes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new PixelBox(50, 0, 10, 10), boxes[$"cvat:track/{track}@1"]);
        Assert.Equal(new PixelBox(100, 50, 10, 10), boxes[$"cvat:track/{track}@3"]);
    }
}
