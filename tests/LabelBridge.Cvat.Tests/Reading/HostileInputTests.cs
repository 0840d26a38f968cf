using LabelBridge.Cvat.Tests.Fixtures;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Reading;

/// <summary>A hostile or corrupt CVAT: huge values, lying ranges and repeated ids each become one named problem, and
/// the rest of the project is read.</summary>
public sealed class HostileInputTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("rectangle", new double[] { -1e308, -1e308, 1e308, 1e308 }, 0, "is not finite")]
    [InlineData("rectangle", new double[] { 0, 0, 1e7, 10 }, 0, "reaches beyond ±1000000 px")]
    [InlineData("rectangle", new double[] { 10, 10, 50, 50 }, 1e308, "rotation 1E+308, not an angle")]
    [InlineData("ellipse", new double[] { 50, 50, 1e308, 60 }, 0, "is not finite")]
    [InlineData("mask", new double[] { 1, 2, -1e308, 0, 1e308, 10 }, 0, "is not finite")]
    [InlineData("polygon", new double[] { 0, 0, 1e308, 5, 10, 10 }, 0, "reaches beyond")]
    public async Task Huge_coordinates_are_a_named_skipped_annotation_and_the_other_shapes_are_read(
        string type, double[] points, double rotation, string reason)
    {
        await using var harness = await CvatHarness.StartAsync();
        var (project, job, car) = Seed(harness.Emulator.Model);
        var bad = harness.Emulator.Model.NextId();
        var good = harness.Emulator.Model.NextId();
        job.Shapes.Add(A.Shape(bad, type, 0, car, points, rotation));
        job.Shapes.Add(A.Shape(good, "rectangle", 1, car, [10, 10, 50, 50]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:shape/{bad}", problem.Subject);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the annotation was skipped", problem.Reason, StringComparison.Ordinal);
        var annotation = Assert.Single(snapshot.Annotations);
        Assert.Equal($"cvat:shape/{good}", annotation.Key);
    }

    [Fact]
    public async Task A_track_with_huge_coordinates_is_named_once_and_no_box_of_it_is_read()
    {
        await using var harness = await CvatHarness.StartAsync();
        var (project, job, car) = Seed(harness.Emulator.Model);
        var model = harness.Emulator.Model;
        var track = model.NextId();
        job.Tracks.Add(A.Track(track, 0, car, [A.TrackedShape(model.NextId(), "rectangle", 0, [1, 1, 20, 20], rotation: 1e308)]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:track/{track}", problem.Subject);
        Assert.Contains("rotation 1E+308", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(snapshot.Annotations);
    }

    [Fact]
    public async Task A_job_stopping_before_its_start_is_a_named_problem_and_the_other_jobs_are_read()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var (project, job, car) = Seed(model);
        var task = model.TaskOf(job);
        var backwards = new EmulatedJob(model.NextId(), task.Id, 2, 0);
        task.Jobs.Add(backwards);
        var shape = model.NextId();
        job.Shapes.Add(A.Shape(shape, "rectangle", 0, car, [1, 1, 20, 20]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:job/{backwards.Id}", problem.Subject);
        Assert.Contains("stops at frame 0, before its start frame 2", problem.Reason, StringComparison.Ordinal);
        Assert.Equal([$"cvat:shape/{shape}"], snapshot.Annotations.Select(a => a.Key));
    }

    [Fact]
    public async Task A_label_id_listed_twice_keeps_its_first_name_and_is_named()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var (project, job, car) = Seed(model);
        project.Labels.Add(new EmulatedLabel(car, "impostor"));
        job.Shapes.Add(A.Shape(model.NextId(), "rectangle", 0, car, [1, 1, 20, 20]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:label/{car}", problem.Subject);
        Assert.Contains("listed more than once; its first name 'car' was kept", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(["car"], snapshot.Labels.Select(l => l.Name));
        Assert.Equal("car", Assert.Single(snapshot.Annotations).Label);
    }

    [Fact]
    public async Task A_label_name_of_a_megabyte_is_cut_and_the_cut_is_named()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("long names");
        var label = project.AddLabel(model, new string('x', 1_000_000));
        var task = model.AddTask(project, "t", Frames(2), segmentSize: 2);
        task.Jobs[0].Shapes.Add(A.Shape(model.NextId(), "rectangle", 0, label.Id, [1, 1, 20, 20]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:label/{label.Id}", problem.Subject);
        Assert.Contains("has 1000000 characters; it was cut to its first 256", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(256, Assert.Single(snapshot.Annotations).Label.Length);
        Assert.Equal(256, Assert.Single(snapshot.Labels).Name.Length);
    }

    [Fact]
    public async Task Shapes_repeating_one_id_are_named_instead_of_collapsing_silently()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var (project, job, car) = Seed(model);
        var id = model.NextId();
        for (var i = 0; i < 41; i++)
        {
            job.Shapes.Add(A.Shape(id, "rectangle", i % 3, car, [1 + i, 1, 20 + i, 20]));
        }

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Equal(1d, Assert.Single(snapshot.Annotations).Box.X);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:shape/{id}", problem.Subject);
        Assert.Contains($"shape id {id} appears 41 times in the annotations of job {job.Id}; only its first shape was read, the other 40 were skipped", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_claiming_twenty_million_frames_of_a_three_image_task_reads_three_frames_and_names_the_cut()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("lying range");
        var car = project.AddLabel(model, "car").Id;
        var task = model.AddTask(project, "t", Frames(3), segmentSize: 3);
        task.Jobs.Clear();
        var job = new EmulatedJob(model.NextId(), task.Id, 0, 20_000_000);
        task.Jobs.Add(job);
        job.Tracks.Add(A.Track(model.NextId(), 0, car, [A.TrackedShape(model.NextId(), "rectangle", 0, [1, 1, 20, 20])]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Equal([0, 1, 2], snapshot.Items.Select(i => i.Location.Frame!.Value).Order());
        Assert.Equal(3, snapshot.Annotations.Count);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal($"cvat:job/{job.Id}", problem.Subject);
        Assert.Contains("claims frames 0-20000000, but its data holds only frames 0-2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_track_in_a_video_job_claiming_two_million_frames_is_expanded_over_the_task_frames_only()
    {
        await using var harness = await CvatHarness.StartAsync();
        var model = harness.Emulator.Model;
        var project = model.AddProject("lying video");
        var person = project.AddLabel(model, "person").Id;
        var task = model.AddTask(project, "v", Frames(10), segmentSize: 10);
        task.VideoName = "clip.mp4";
        task.Jobs.Clear();
        var job = new EmulatedJob(model.NextId(), task.Id, 0, 2_000_000);
        task.Jobs.Add(job);
        job.Tracks.Add(A.Track(model.NextId(), 0, person, [A.TrackedShape(model.NextId(), "rectangle", 0, [1, 1, 20, 20])]));

        var snapshot = await harness.Connector().ReadProjectAsync(ProjectReadTests.Id(project.Id), Token);

        Assert.Equal(10, snapshot.Items.Count);
        Assert.Equal(10, snapshot.Annotations.Count);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Contains("claims frames 0-2000000, but its data holds only frames 0-9", problem.Reason, StringComparison.Ordinal);
    }

    private static (EmulatedProject Project, EmulatedJob Job, long Car) Seed(CvatModel model)
    {
        var project = model.AddProject("hostile");
        var car = project.AddLabel(model, "car").Id;
        var task = model.AddTask(project, "t", Frames(3), segmentSize: 3);
        return (project, task.Jobs[0], car);
    }

    private static List<EmulatedFrame> Frames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new EmulatedFrame($"f_{i:000}.png", 640, 480))];
}
