using System.Text.Json.Nodes;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Emulators.Cvat.Model;
using A = LabelBridge.Emulators.Cvat.Model.Annotations;

namespace LabelBridge.Cvat.Tests.Fixtures;

/// <summary>A project with two tasks and three jobs, every shape type, tags, tracks and a deleted frame, with the
/// annotations a correct reader must produce (worked out by hand from CVAT's geometry conventions).</summary>
internal sealed class ReferenceScene
{
    private readonly List<(string Key, string Label, ShapeKind Shape, PixelBox Box)> expected = [];

    private ReferenceScene(CvatModel model)
    {
        Project = model.AddProject("retail shelves");
        var car = Project.AddLabel(model, "car").Id;
        var person = Project.AddLabel(model, "person").Id;
        var bicycle = Project.AddLabel(model, "bicycle").Id;
        var pose = Project.AddLabel(model, "pose", "skeleton");
        Project.Labels.Add(new EmulatedLabel(model.NextId(), "head", "points", pose.Id));
        Project.Labels.Add(new EmulatedLabel(model.NextId(), "foot", "points", pose.Id));
        var daytime = Project.AddLabel(model, "daytime", "tag").Id;
        var night = Project.AddLabel(model, "night", "tag").Id;

        TaskA = model.AddTask(Project, "aisle 1", Frames("a", 6, 640, 480), segmentSize: 3);
        TaskA.DeletedFrames.Add(4);
        TaskB = model.AddTask(Project, "aisle 2", Frames("b", 4, 800, 600), segmentSize: 4);
        var (j1, j2, j3) = (TaskA.Jobs[0], TaskA.Jobs[1], TaskB.Jobs[0]);

        Shape(model, j1, "rectangle", 0, car, [10, 20, 110, 70], "car", ShapeKind.Rectangle, new(10, 20, 100, 50));
        Shape(model, j1, "rectangle", 1, person, [100, 100, 200, 150], "person", ShapeKind.RotatedRectangle, new(125, 75, 50, 100), rotation: 90);
        Shape(model, j1, "polygon", 2, car, [50, 50, 150, 60, 100, 160], "car", ShapeKind.Polygon, new(50, 50, 100, 110));
        Shape(model, j1, "polyline", 0, person, [0, 0, 30, 40, 60, 10], "person", ShapeKind.Polyline, new(0, 0, 60, 40));
        Shape(model, j1, "points", 1, bicycle, [300, 300, 320, 310], "bicycle", ShapeKind.Points, new(300, 300, 20, 10));
        Shape(model, j1, "ellipse", 2, person, [200, 200, 240, 180], "person", ShapeKind.Ellipse, new(160, 180, 80, 40));
        Shape(model, j1, "mask", 0, car, [5, 10, 5, 400, 300, 409, 319], "car", ShapeKind.Mask, new(400, 300, 10, 20));
        Shape(model, j1, "cuboid", 2, car, [500, 100, 500, 180, 540, 100, 540, 180, 520, 110, 520, 170, 560, 110, 560, 170], "car", ShapeKind.Cuboid, new(500, 100, 60, 80));
        var skeletonId = model.NextId();
        j1.Shapes.Add(A.Shape(skeletonId, "skeleton", 1, pose.Id, [], elements: new JsonArray(
            A.Shape(model.NextId(), "points", 1, pose.Id + 1, [10, 400]),
            A.Shape(model.NextId(), "points", 1, pose.Id + 2, [50, 460]),
            A.Shape(model.NextId(), "points", 1, pose.Id + 2, [600, 5], outside: true))));
        expected.Add(($"cvat:shape/{skeletonId}", "pose", ShapeKind.Skeleton, new(10, 400, 40, 60)));
        Tag(model, j1, 0, daytime, "daytime", 640, 480);
        Tag(model, j1, 0, night, "night", 640, 480);

        var carTrack = model.NextId();
        j1.Tracks.Add(A.Track(carTrack, 0, car, [
            A.TrackedShape(model.NextId(), "rectangle", 0, [0, 0, 100, 100]),
            A.TrackedShape(model.NextId(), "rectangle", 2, [100, 100, 200, 200])]));
        expected.Add(($"cvat:track/{carTrack}@0", "car", ShapeKind.Rectangle, new(0, 0, 100, 100)));
        expected.Add(($"cvat:track/{carTrack}@1", "car", ShapeKind.Rectangle, new(50, 50, 100, 100)));
        expected.Add(($"cvat:track/{carTrack}@2", "car", ShapeKind.Rectangle, new(100, 100, 100, 100)));

        var hidingTrack = model.NextId();
        j2.Tracks.Add(A.Track(hidingTrack, 3, person, [
            A.TrackedShape(model.NextId(), "rectangle", 3, [10, 10, 50, 50]),
            A.TrackedShape(model.NextId(), "rectangle", 5, [20, 20, 60, 60], outside: true)]));
        expected.Add(($"cvat:track/{hidingTrack}@3", "person", ShapeKind.Rectangle, new(10, 10, 40, 40)));

        var stayingTrack = model.NextId();
        j2.Tracks.Add(A.Track(stayingTrack, 3, bicycle, [A.TrackedShape(model.NextId(), "rectangle", 3, [300, 300, 340, 340])]));
        expected.Add(($"cvat:track/{stayingTrack}@3", "bicycle", ShapeKind.Rectangle, new(300, 300, 40, 40)));
        expected.Add(($"cvat:track/{stayingTrack}@5", "bicycle", ShapeKind.Rectangle, new(300, 300, 40, 40)));

        DeletedFrameShapeId = model.NextId();
        j2.Shapes.Add(A.Shape(DeletedFrameShapeId, "rectangle", 4, car, [1, 1, 20, 20]));
        Shape(model, j2, "rectangle", 5, person, [0, 0, 10, 10], "person", ShapeKind.Rectangle, new(0, 0, 10, 10));

        Shape(model, j3, "rectangle", 3, car, [700, 500, 800, 600], "car", ShapeKind.Rectangle, new(700, 500, 100, 100));
        Tag(model, j3, 2, night, "night", 800, 600);
    }

    public EmulatedProject Project { get; }

    /// <summary>The project id as configured in LabelBridge (RemoteProjectId).</summary>
    public string ProjectId => Project.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public EmulatedTask TaskA { get; }

    public EmulatedTask TaskB { get; }

    public long DeletedFrameShapeId { get; }

    public IReadOnlyList<(string Key, string Label, ShapeKind Shape, PixelBox Box)> Expected => expected;

    public static ReferenceScene Seed(CvatModel model) => new(model);

    private static List<EmulatedFrame> Frames(string prefix, int count, int width, int height) =>
        [.. Enumerable.Range(0, count).Select(i => new EmulatedFrame($"{prefix}_{i:000}.png", width, height))];

    private void Shape(
        CvatModel model, EmulatedJob job, string type, int frame, long labelId, double[] points, string label, ShapeKind kind, PixelBox box, double rotation = 0)
    {
        var id = model.NextId();
        job.Shapes.Add(A.Shape(id, type, frame, labelId, points, rotation));
        expected.Add(($"cvat:shape/{id}", label, kind, box));
    }

    private void Tag(CvatModel model, EmulatedJob job, int frame, long labelId, string label, int width, int height)
    {
        var id = model.NextId();
        job.Tags.Add(A.Tag(id, frame, labelId));
        expected.Add(($"cvat:tag/{id}", label, ShapeKind.ImageLabel, new(0, 0, width, height)));
    }
}
