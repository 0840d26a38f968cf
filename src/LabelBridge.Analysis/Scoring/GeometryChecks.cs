using System.Globalization;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Cheap checks on a box alone: outside the frame, tiny, extreme aspect ratio, tiny for its class.</summary>
/// <remarks>The worst problem of a box wins, so each annotation has at most one geometry finding.</remarks>
internal static class GeometryChecks
{
    private const int MinClassSizeForMedian = 5;
    private const double FrameTolerancePixels = 1;

    public static List<GeometryProblem> Check(IReadOnlyList<AnnotatedBox> boxes, AnalysisThresholds thresholds)
    {
        var medians = ClassMedianAreas(boxes);
        var problems = new List<GeometryProblem>();
        foreach (var annotated in boxes)
        {
            var problem = Worst(annotated, thresholds, medians);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static GeometryProblem? Worst(AnnotatedBox annotated, AnalysisThresholds thresholds, Dictionary<string, double> medians)
    {
        var box = annotated.Box;
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
        {
            return new GeometryProblem(annotated, 1.0, "its box has non-numeric coordinates");
        }

        if (box.Width <= 0 || box.Height <= 0)
        {
            return new GeometryProblem(annotated, 1.0, "its box has zero area");
        }

        if (annotated.ItemWidth > 0 && annotated.ItemHeight > 0)
        {
            var insideWidth = Math.Max(0, Math.Min(box.Right, annotated.ItemWidth) - Math.Max(box.X, 0));
            var insideHeight = Math.Max(0, Math.Min(box.Bottom, annotated.ItemHeight) - Math.Max(box.Y, 0));
            var outsideShare = 1 - (insideWidth * insideHeight / box.Area);
            var overhang = Math.Max(Math.Max(-box.X, -box.Y), Math.Max(box.Right - annotated.ItemWidth, box.Bottom - annotated.ItemHeight));
            if (overhang > FrameTolerancePixels)
            {
                return new GeometryProblem(annotated, 0.5 + (0.5 * outsideShare), Format(
                    $"{outsideShare:P0} of its box lies outside the {annotated.ItemWidth}×{annotated.ItemHeight} image"));
            }
        }

        var shortSide = Math.Min(box.Width, box.Height);
        if (shortSide < thresholds.MinBoxSidePixels)
        {
            return new GeometryProblem(annotated, 0.5 + (0.5 * (1 - (shortSide / thresholds.MinBoxSidePixels))), Format(
                $"its box is only {box.Width:0.#}×{box.Height:0.#} px (sides under {thresholds.MinBoxSidePixels:0.#} px are flagged)"));
        }

        var aspect = Math.Max(box.Width, box.Height) / shortSide;
        if (aspect > thresholds.MaxAspectRatio)
        {
            return new GeometryProblem(annotated, Math.Min(1.0, 0.5 + (0.5 * (1 - (thresholds.MaxAspectRatio / aspect)))), Format(
                $"its box is {aspect:0.#} times longer than wide (over {thresholds.MaxAspectRatio:0.#} is flagged)"));
        }

        if (medians.TryGetValue(annotated.Label, out var median) && box.Area < thresholds.MinAreaRelativeToClassMedian * median)
        {
            var relative = box.Area / median;
            return new GeometryProblem(annotated, 0.5 + (0.5 * (1 - (relative / thresholds.MinAreaRelativeToClassMedian))), Format(
                $"its box covers {relative:P1} of the typical {annotated.Label} box area"));
        }

        return null;
    }

    private static Dictionary<string, double> ClassMedianAreas(IReadOnlyList<AnnotatedBox> boxes)
    {
        var areas = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var annotated in boxes)
        {
            var area = annotated.Box.Area;
            if (double.IsFinite(area) && area > 0)
            {
                if (!areas.TryGetValue(annotated.Label, out var list))
                {
                    areas[annotated.Label] = list = [];
                }

                list.Add(area);
            }
        }

        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, list) in areas)
        {
            if (list.Count >= MinClassSizeForMedian)
            {
                list.Sort();
                medians[label] = list.Count % 2 == 1 ? list[list.Count / 2] : 0.5 * (list[(list.Count / 2) - 1] + list[list.Count / 2]);
            }
        }

        return medians;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A box's worst geometry problem.</summary>
/// <param name="Box">The annotation and its box.</param>
/// <param name="Score">Severity in [0.5, 1].</param>
/// <param name="Description">What is wrong, as the end of a sentence ("its box has zero area").</param>
internal sealed record GeometryProblem(AnnotatedBox Box, double Score, string Description);
