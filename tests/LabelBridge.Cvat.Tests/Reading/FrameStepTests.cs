using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Reading;

/// <summary>Tasks made with a frame_filter step: CVAT numbers the kept frames densely (frame_provider.py relative
/// frame numbers) and data meta lists one frame entry per relative frame.</summary>
public sealed class FrameStepTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_frame_of_a_task_with_step_2_is_an_item_with_its_own_name_and_size()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("stepped images");
        var car = project.AddLabel(model, "car").Id;
        var frames = Enumerable.Range(0, 6).Select(i => new EmulatedFrame($"img_{i * 2:000}.png", 100 + i, 80 + i)).ToList();
        var task = model.AddTask(project, "every other image", frames, segmentSize: 3);
        task.FrameStep = 2;
        task.DataStartFrame = 0;
        var shapes = Enumerable.Range(0, 6)
            .Select(f => (Frame: f, Id: model.NextId()))
            .ToList();
        foreach (var (frame, id) in shapes)
        {
            task.Jobs[frame / 3].Shapes.Add(A.Shape(id, "rectangle", frame, car, [1, 1, 20, 20]));
        }

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Empty(snapshot.Problems);
        var items = snapshot.Items.OrderBy(i => i.Location.Frame).ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], items.Select(i => i.Location.Frame!.Value));
        Assert.Equal(frames.Select(f => f.Name), items.Select(i => i.DisplayName));
        Assert.Equal(frames.Select(f => (f.Width, f.Height)), items.Select(i => (i.Width, i.Height)));
        Assert.Equal(
            shapes.Select(s => $"cvat:shape/{s.Id}").Order(StringComparer.Ordinal),
            snapshot.Annotations.Select(a => a.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_frame_of_a_video_task_with_step_5_is_an_item_and_a_track_covers_each_of_them()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("stepped video");
        var person = project.AddLabel(model, "person").Id;
        var frames = Enumerable.Range(0, 10).Select(_ => new EmulatedFrame("street.mp4", 320, 240)).ToList();
        var task = model.AddTask(project, "every fifth video frame", frames, segmentSize: 5);
        task.FrameStep = 5;
        task.DataStartFrame = 3;
        task.VideoName = "street.mp4";
        var track = model.NextId();
        task.Jobs[1].Tracks.Add(A.Track(track, 5, person, [
            A.TrackedShape(model.NextId(), "rectangle", 5, [0, 0, 40, 40]),
            A.TrackedShape(model.NextId(), "rectangle", 9, [40, 40, 80, 80])]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(Enumerable.Range(0, 10), snapshot.Items.Select(i => i.Location.Frame!.Value).Order());
        Assert.All(snapshot.Items, i => Assert.Equal((320, 240), (i.Width, i.Height)));
        Assert.Equal(
            Enumerable.Range(5, 5).Select(f => $"cvat:track/{track}@{f}"),
            snapshot.Annotations.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            Enumerable.Range(5, 5).Select(f => $"cvat:task/{task.Id}/frame/{f}"),
            snapshot.Annotations.Select(a => a.ItemKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleted_frames_of_a_stepped_task_are_task_relative_numbers()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("stepped with a deleted frame");
        var frames = Enumerable.Range(0, 6).Select(i => new EmulatedFrame($"img_{i * 2:000}.png", 100, 80)).ToList();
        var task = model.AddTask(project, "every other image", frames, segmentSize: 6);
        task.FrameStep = 2;
        task.DataStartFrame = 0;

        // Relative frame 2 is data frame 4 (img_004.png); read as a data number it would hide relative frame 1 instead.
        task.DeletedFrames.Add(2);

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Equal([0, 1, 3, 4, 5], snapshot.Items.Select(i => i.Location.Frame!.Value).Order());
        Assert.DoesNotContain(snapshot.Items, i => i.DisplayName == "img_004.png");
    }
}
