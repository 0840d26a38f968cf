using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>A track's shape on one frame, after interpolation.</summary>
internal sealed record FrameShape(int Frame, string? Type, double[] Points, double Rotation, bool Occluded);

/// <summary>Expands a CVAT track's keyframes into the shape it has on every frame of a job.</summary>
/// <remarks>As CVAT does: from a keyframe the object stays visible until a keyframe marked <c>outside</c>; between two
/// keyframes rectangles, ellipses, cuboids and equal-length point sets move linearly (rotation by the shorter way round);
/// polygons, polylines and masks keep the earlier keyframe's shape; after the last keyframe the shape stays to the end of the job.</remarks>
internal static class TrackExpander
{
    public static IEnumerable<FrameShape> Expand(IReadOnlyList<CvatTrackedShape> shapes, int firstFrame, int lastFrame)
    {
        var keys = shapes.GroupBy(s => s.Frame).Select(g => g.Last()).OrderBy(s => s.Frame).ToList();
        if (keys.Count == 0)
        {
            yield break;
        }

        var index = 0;
        for (var frame = Math.Max(firstFrame, keys[0].Frame); frame <= lastFrame; frame++)
        {
            while (index + 1 < keys.Count && keys[index + 1].Frame <= frame)
            {
                index++;
            }

            var current = keys[index];
            if (current.Frame > frame || current.Outside)
            {
                if (index + 1 >= keys.Count && current.Outside)
                {
                    yield break;
                }

                continue;
            }

            var points = current.Points?.ToArray() ?? [];
            var rotation = current.Rotation;
            if (current.Frame != frame && index + 1 < keys.Count && Interpolates(current, keys[index + 1]))
            {
                var next = keys[index + 1];
                var t = (double)(frame - current.Frame) / (next.Frame - current.Frame);
                var nextPoints = next.Points!;
                for (var i = 0; i < points.Length; i++)
                {
                    points[i] += (nextPoints[i] - points[i]) * t;
                }

                rotation = InterpolateAngle(current.Rotation, next.Rotation, t);
            }

            yield return new FrameShape(frame, current.Type, points, rotation, current.Occluded);
        }
    }

    private static bool Interpolates(CvatTrackedShape from, CvatTrackedShape to) =>
        from.Type is "rectangle" or "ellipse" or "cuboid" or "points"
        && from.Type == to.Type
        && from.Points is { Count: > 0 }
        && to.Points?.Count == from.Points.Count;

    private static double InterpolateAngle(double from, double to, double t)
    {
        var delta = ((to - from) % 360 + 540) % 360 - 180;
        return ((from + (delta * t)) % 360 + 360) % 360;
    }
}
