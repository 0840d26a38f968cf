namespace LabelBridge.Cvat.Reading;

/// <summary>The points CVAT gives a polygon or polyline track between two keyframes whose point counts may differ.</summary>
/// <remarks>As cvat/apps/dataset_manager/annotation.py TrackManager.get_interpolated_shapes does it (polyshape_interpolation,
/// interpolate_position), so a box read from an interpolated frame is the one CVAT shows and exports: a polygon is closed
/// by repeating its first point; each point gets its relative position along the curve (arc length over total length);
/// each point of the earlier keyframe is paired with the nearest-positioned point of the later one, and each later point
/// left unpaired joins the earlier point nearest to it; every pair moves linearly by the offset; then runs of points are
/// thinned: consecutive earlier points paired with the same later point, and the several later points paired with one
/// earlier point, keep only points at least (segment length / 2N) apart, a run that collapses to two close points
/// becoming their average. The closing point is dropped again for polygons.</remarks>
internal static class PolyshapeInterpolation
{
    private readonly record struct Point(double X, double Y);

    /// <summary>The flat x, y list at <paramref name="offset"/> (0 = <paramref name="from"/>, 1 = <paramref name="to"/>).</summary>
    public static double[] Between(IReadOnlyList<double> from, IReadOnlyList<double> to, bool polygon, double offset)
    {
        var left = ToPoints(from, polygon);
        var right = ToPoints(to, polygon);
        var leftPositions = Positions(left);
        var rightPositions = Positions(right);

        var pairs = new List<int>[left.Count];
        for (var i = 0; i < left.Count; i++)
        {
            pairs[i] = [Nearest(leftPositions[i], rightPositions)];
        }

        var paired = pairs.SelectMany(p => p).ToHashSet();
        for (var j = 0; j < right.Count; j++)
        {
            if (!paired.Contains(j))
            {
                pairs[Nearest(rightPositions[j], leftPositions)].Add(j);
            }
        }

        foreach (var list in pairs)
        {
            list.Sort();
        }

        var moved = new List<Point>();
        var firstMoved = new int[left.Count];
        for (var i = 0; i < left.Count; i++)
        {
            firstMoved[i] = moved.Count;
            foreach (var j in pairs[i])
            {
                moved.Add(new Point(left[i].X + ((right[j].X - left[i].X) * offset), left[i].Y + ((right[j].Y - left[i].Y) * offset)));
            }
        }

        var reduced = Reduce(moved, pairs, firstMoved, left, right);
        var flat = reduced.SelectMany(p => new[] { p.X, p.Y }).ToArray();
        return polygon ? flat[..^2] : flat;
    }

    private static List<Point> Reduce(List<Point> moved, List<int>[] pairs, int[] firstMoved, List<Point> left, List<Point> right)
    {
        var reduced = new List<Point>();

        void LeftRun(int start, int stop)
        {
            var first = firstMoved[start];
            var last = firstMoved[stop];
            if (first == last)
            {
                reduced.Add(moved[first]);
                return;
            }

            reduced.AddRange(Thin(moved, Length(left, start, stop), stop - start + 1, first, last));
        }

        void RightRun(int i)
        {
            var start = pairs[i][0];
            var stop = pairs[i][^1];
            reduced.AddRange(Thin(moved, Length(right, start, stop), stop - start + 1, firstMoved[i], firstMoved[i] + pairs[i].Count - 1));
        }

        int? open = null;
        for (var i = 0; i < left.Count; i++)
        {
            if (pairs[i].Count == 1)
            {
                if (open is not { } started)
                {
                    open = i;
                }
                else if (pairs[i][0] != pairs[started][0])
                {
                    LeftRun(started, i - 1);
                    open = i;
                }
            }
            else
            {
                if (open is { } started)
                {
                    LeftRun(started, i - 1);
                    open = null;
                }

                RightRun(i);
            }
        }

        if (open is { } last)
        {
            LeftRun(last, left.Count - 1);
        }

        return reduced;
    }

    /// <summary>Keeps the points of moved[first..last] at least length / 2n from the last kept one, and both ends; two ends
    /// closer than that become one point, their average.</summary>
    private static List<Point> Thin(List<Point> moved, double length, int n, int first, int last)
    {
        var threshold = length / (2 * n);
        var kept = new List<Point> { moved[first] };
        var latest = first;
        for (var k = first + 1; k < last; k++)
        {
            if (Distance(moved[latest], moved[k]) >= threshold)
            {
                kept.Add(moved[k]);
                latest = k;
            }
        }

        kept.Add(moved[last]);
        if (kept.Count == 2 && Distance(moved[first], moved[last]) < threshold)
        {
            return [new Point((kept[0].X + kept[1].X) / 2, (kept[0].Y + kept[1].Y) / 2)];
        }

        return kept;
    }

    private static List<Point> ToPoints(IReadOnlyList<double> flat, bool polygon)
    {
        var points = new List<Point>(flat.Count / 2 + 1);
        for (var i = 0; i + 1 < flat.Count; i += 2)
        {
            points.Add(new Point(flat[i], flat[i + 1]));
        }

        if (polygon && points.Count > 0)
        {
            points.Add(points[0]);
        }

        return points;
    }

    /// <summary>Each point's arc length from the first over the curve's whole length (NaN for a curve of length 0, which
    /// then pairs everything with the first point, as CVAT's numpy division does).</summary>
    private static double[] Positions(List<Point> points)
    {
        var total = Length(points, 0, points.Count - 1);
        var positions = new double[points.Count];
        var along = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            along += Distance(points[i - 1], points[i]);
            positions[i] = along / total;
        }

        return positions;
    }

    /// <summary>The index of the first position nearest to <paramref name="value"/>.</summary>
    private static int Nearest(double value, double[] positions)
    {
        var best = 0;
        var bestDistance = Math.Abs(value - positions[0]);
        for (var i = 1; i < positions.Length; i++)
        {
            var distance = Math.Abs(value - positions[i]);
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static double Length(List<Point> points, int start, int stop)
    {
        var length = 0.0;
        for (var i = start + 1; i <= stop; i++)
        {
            length += Distance(points[i - 1], points[i]);
        }

        return length;
    }

    private static double Distance(Point a, Point b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
