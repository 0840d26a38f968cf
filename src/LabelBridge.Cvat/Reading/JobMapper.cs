using System.Globalization;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>Turns one job's data meta and annotations into items and annotations of the vocabulary.</summary>
/// <remarks>Each bad annotation becomes a named problem and is skipped; the rest of the job is read. Annotations on
/// deleted frames are ignored, as CVAT itself hides them.</remarks>
internal sealed class JobMapper(string server, IReadOnlyDictionary<long, string> labelNames, SnapshotParts parts)
{
    public void Map(long taskId, CvatJob job, JobFrames frames, CvatAnnotations annotations)
    {
        foreach (var frame in frames.Live)
        {
            var meta = frames.Find(frame)!;
            parts.Add(new Item(
                CvatKeys.Item(taskId, frame),
                Fingerprints.FrameContent(server, taskId, frame, meta.Name, meta.Width, meta.Height, frames.ContentVersion),
                meta.Width,
                meta.Height,
                new ItemLocation(taskId, job.Id, frame),
                CvatKeys.ImageRef(job.Id, frame),
                meta.Name ?? string.Create(CultureInfo.InvariantCulture, $"frame {frame}")));
        }

        var context = new JobContext(taskId, job, frames);
        var shapes = annotations.Shapes ?? [];
        NameRepeatedIds(job, shapes);
        var seenShapeIds = new HashSet<long>();
        foreach (var shape in shapes)
        {
            // Keys come from the id, so a repeated id would silently replace one annotation by another.
            if (shape.Id is not { } id || seenShapeIds.Add(id))
            {
                MapShape(context, shape);
            }
        }

        foreach (var track in annotations.Tracks ?? [])
        {
            MapTrack(context, track);
        }

        foreach (var tag in annotations.Tags ?? [])
        {
            MapTag(context, tag);
        }
    }

    private void NameRepeatedIds(CvatJob job, IReadOnlyList<CvatShape> shapes)
    {
        foreach (var repeated in shapes.Where(s => s.Id is not null).GroupBy(s => s.Id!.Value).Where(g => g.Skip(1).Any()))
        {
            var count = repeated.Count();
            parts.Problem(CvatKeys.Shape(repeated.Key), string.Create(
                CultureInfo.InvariantCulture,
                $"shape id {repeated.Key} appears {count} times in the annotations of job {job.Id}; only its first shape was read, the other {count - 1} were skipped"));
        }
    }

    private void MapShape(JobContext context, CvatShape shape)
    {
        var key = CvatKeys.Shape(shape.Id ?? 0);
        if (!TryFrame(context, key, shape.Frame, out var frame) || !TryLabel(key, shape.LabelId, out var label))
        {
            return;
        }

        PixelBox box;
        ShapeKind kind;
        string? problem;
        if (shape.Type == "skeleton")
        {
            kind = ShapeKind.Skeleton;
            var visible = (shape.Elements ?? []).Where(e => !e.Outside && e.Points is { Count: >= 2 }).ToList();
            problem = visible.Count == 0 ? "skeleton has no visible element points" : null;
            box = problem is null ? PixelBox.FromPoints([.. visible.SelectMany(e => e.Points!)]) : default;
        }
        else
        {
            ShapeGeometry.TryBox(shape.Type, shape.Points, shape.Rotation, out box, out kind, out problem);
        }

        if (problem is not null)
        {
            parts.Problem(key, $"{problem}; the annotation was skipped");
            return;
        }

        var points = shape.Type == "skeleton" ? [.. (shape.Elements ?? []).SelectMany(e => e.Points ?? [])] : shape.Points ?? [];
        Add(context, key, frame, label, kind, box, shape.Occluded, points, new AnnotationOrigin(Id(shape.Id), "shape", LabelId: shape.LabelId, Annotator: AnnotatorOf(context.Job, shape.Source)));
    }

    private void MapTrack(JobContext context, CvatTrack track)
    {
        var trackKey = string.Create(CultureInfo.InvariantCulture, $"cvat:track/{track.Id ?? 0}");
        if (!TryLabel(trackKey, track.LabelId, out var label))
        {
            return;
        }

        var origin = new AnnotationOrigin(Id(track.Id), "track", LabelId: track.LabelId, Annotator: AnnotatorOf(context.Job, track.Source));
        var isSkeleton = track.Elements is { Count: > 0 } || track.Shapes is [{ Type: "skeleton" }, ..];
        if (isSkeleton)
        {
            MapSkeletonTrack(context, track, label, origin);
            return;
        }

        var reported = false;
        foreach (var shape in TrackExpander.Expand(track.Shapes ?? [], context.Job.StartFrame, context.Frames.LastFrame))
        {
            var key = CvatKeys.Track(track.Id ?? 0, shape.Frame);
            if (context.Frames.IsDeleted(shape.Frame) || !TryFrame(context, key, shape.Frame, out var frame))
            {
                continue;
            }

            if (!ShapeGeometry.TryBox(shape.Type, shape.Points, shape.Rotation, out var box, out var kind, out var problem))
            {
                if (!reported)
                {
                    parts.Problem(trackKey, $"{problem}; the track was skipped on the frames where it has this shape");
                    reported = true;
                }

                continue;
            }

            Add(context, key, frame, label, kind, box, shape.Occluded, shape.Points, origin);
        }
    }

    private void MapSkeletonTrack(JobContext context, CvatTrack track, string label, AnnotationOrigin origin)
    {
        var (start, stop) = (context.Job.StartFrame, context.Frames.LastFrame);
        var elementPoints = new Dictionary<int, List<double>>();
        foreach (var element in track.Elements ?? [])
        {
            foreach (var shape in TrackExpander.Expand(element.Shapes ?? [], start, stop))
            {
                if (shape.Points.Length >= 2)
                {
                    var list = elementPoints.TryGetValue(shape.Frame, out var existing) ? existing : elementPoints[shape.Frame] = [];
                    list.AddRange(shape.Points);
                }
            }
        }

        foreach (var skeleton in TrackExpander.Expand(track.Shapes ?? [], start, stop))
        {
            var key = CvatKeys.Track(track.Id ?? 0, skeleton.Frame);
            if (context.Frames.IsDeleted(skeleton.Frame)
                || !elementPoints.TryGetValue(skeleton.Frame, out var points)
                || !TryFrame(context, key, skeleton.Frame, out var frame))
            {
                continue;
            }

            Add(context, key, frame, label, ShapeKind.Skeleton, PixelBox.FromPoints([.. points]), skeleton.Occluded, points, origin);
        }
    }

    private void MapTag(JobContext context, CvatTag tag)
    {
        var key = CvatKeys.Tag(tag.Id ?? 0);
        if (!TryFrame(context, key, tag.Frame, out var frame) || !TryLabel(key, tag.LabelId, out var label) || label == CvatKeys.NeedsReviewLabel)
        {
            return;
        }

        var box = new PixelBox(0, 0, frame.Width, frame.Height);
        Add(context, key, frame, label, ShapeKind.ImageLabel, box, false, [], new AnnotationOrigin(Id(tag.Id), "tag", LabelId: tag.LabelId, Annotator: AnnotatorOf(context.Job, tag.Source)));
    }

    private void Add(
        JobContext context, string key, FrameRef frame, string label, ShapeKind kind, PixelBox box, bool occluded, IReadOnlyList<double> points, AnnotationOrigin origin)
    {
        if (BoxBounds.Problem(box) is { } unusable)
        {
            parts.Problem(key, $"{kind}: {unusable}; the annotation was skipped");
            return;
        }

        if (box.Right <= 0 || box.Bottom <= 0 || box.X >= frame.Width || box.Y >= frame.Height)
        {
            parts.Problem(key, string.Create(
                CultureInfo.InvariantCulture,
                $"box {box.ToKeyString()} lies entirely outside the {frame.Width}x{frame.Height} frame {frame.Number} of task {context.TaskId}; fix or delete it in CVAT"));
            return;
        }

        parts.Add(new Annotation(
            key,
            CvatKeys.Item(context.TaskId, frame.Number),
            label,
            kind,
            box,
            Fingerprints.AnnotationVersion(label, kind, box, occluded, points),
            origin));
    }

    private bool TryFrame(JobContext context, string key, int number, out FrameRef frame)
    {
        frame = default;
        if (context.Frames.IsDeleted(number))
        {
            return false;
        }

        var meta = context.Frames.Find(number);
        if (meta is null)
        {
            parts.Problem(key, string.Create(
                CultureInfo.InvariantCulture,
                $"frame {number} is not in the data of job {context.Job.Id} (frames {context.Job.StartFrame}-{context.Job.StopFrame}); the annotation was skipped"));
            return false;
        }

        frame = new FrameRef(number, meta.Width, meta.Height);
        return true;
    }

    private bool TryLabel(string key, long labelId, out string label)
    {
        if (labelNames.TryGetValue(labelId, out label!))
        {
            return true;
        }

        parts.Problem(key, string.Create(CultureInfo.InvariantCulture, $"label id {labelId} is not a label of the project; the annotation was skipped"));
        return false;
    }

    private static string Id(long? id) => (id ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>CVAT records who drew an annotation only as its <c>source</c> (manual, semi-auto, auto, file, consensus); the
    /// person is the job's assignee. Drawn by a model, imported or merged, the source itself is named.</summary>
    private static string? AnnotatorOf(CvatJob job, string? source) =>
        source is null or "manual" or "semi-auto" ? job.Assignee?.Username is { Length: > 0 } user ? user : "(unassigned)"
        : $"({source})";

    private sealed record JobContext(long TaskId, CvatJob Job, JobFrames Frames);

    private readonly record struct FrameRef(int Number, int Width, int Height);
}
