using LabelBridge.Cvat.Api;

namespace LabelBridge.Cvat.Reading;

/// <summary>A track's shape on one frame, after interpolation.</summary>
internal sealed record FrameShape(int Frame, string? Type, double[] Points, double Rotation, bool Occluded);

/// <summary>Expands a CVAT track's keyframes into the shape it has on every frame of a job.</summary>
/// <remarks>As CVAT does (cvat/apps/dataset_manager/annotation.py TrackManager.get_interpolated_shapes): from a keyframe
/// the object stays visible until a keyframe marked <c>outside</c>; between two keyframes rectangles, ellipses, cuboids and
/// single points move linearly (rotation by the shorter way round, find_angle_diff), polygons and polylines move point by
/// point along their curves (<see cref="PolyshapeInterpolation"/>), sets of several points and masks keep the earlier
/// keyframe's shape (points_interpolation copies it), and so do two keyframes of different types, which CVAT refuses;
/// after the last keyframe the shape stays to the end of the job. Every keyframe anchors the interpolation, a keyframe on
/// a deleted frame too: leaving deleted frames out is the caller's (CVAT filters by included_frames after interpolating).</remarks>
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
            if (current.Frame != frame && index + 1 < keys.Count)
            {
                var next = keys[index + 1];
                var t = (double)(frame - current.Frame) / (next.Frame - current.Frame);
                switch (Interpolation(current, next))
                {
                    case Kind.Linear:
                        var nextPoints = next.Points!;
                        for (var i = 0; i < points.Length; i++)
                        {
                            points[i] += (nextPoints[i] - points[i]) * t;
                        }

                        rotation = InterpolateAngle(current.Rotation, next.Rotation, t);
                        break;
                    case Kind.Polyshape:
                        points = PolyshapeInterpolation.Between(current.Points!, next.Points!, current.Type == "polygon", t);
                        break;
                }
            }

            yield return new FrameShape(frame, current.Type, points, rotation, current.Occluded);
        }
    }

    private enum Kind
    {
        Keep,
        Linear,
        Polyshape,
    }

    private static Kind Interpolation(CvatTrackedShape from, CvatTrackedShape to)
    {
        if (from.Type != to.Type || from.Points is not { Count: >= 2 } || to.Points is not { Count: >= 2 })
        {
            return Kind.Keep;
        }

        return from.Type switch
        {
            "rectangle" or "ellipse" or "cuboid" when to.Points.Count == from.Points.Count => Kind.Linear,
            "points" when from.Points.Count == 2 && to.Points.Count == 2 => Kind.Linear,
            "polygon" or "polyline" => Kind.Polyshape,
            _ => Kind.Keep,
        };
    }

    private static double InterpolateAngle(double from, double to, double t)
    {
        var delta = ((to - from) % 360 + 540) % 360 - 180;

        // find_angle_diff: an exact half turn (-180 after wrapping) becomes +1 degree.
        if (delta <= -180)
        {
            delta = 1;
        }

        return ((from + (delta * t)) % 360 + 360) % 360;
    }
}
