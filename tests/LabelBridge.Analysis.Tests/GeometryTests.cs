using LabelBridge.Core.Findings;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Analysis.Tests;

public sealed class GeometryTests
{
    private static IReadOnlyList<Finding> Geometry(params AnnotatedBox[] extra)
    {
        var boxes = Enumerable.Range(0, 10)
            .Select(i => new AnnotatedBox($"ok{i}", "Car", new PixelBox(10 + i, 10, 100, 60), 640, 480))
            .Concat(extra)
            .ToList();
        var input = new AnalysisInput(8, [], [], [], boxes);
        return LabelAnalysis.Analyze(input, Clusters.Thresholds, maxFindings: 100).Findings;
    }

    [Fact]
    public void Box_outside_the_frame_is_flagged()
    {
        var finding = Assert.Single(Geometry(new AnnotatedBox("out", "Car", new PixelBox(600, 400, 100, 100), 640, 480)));

        Assert.Equal(FindingKind.Geometry, finding.Kind);
        Assert.Contains("outside the 640×480 image", finding.Reason, StringComparison.Ordinal);
        Assert.InRange(finding.Score, 0.5, 1.0);
    }

    [Fact]
    public void Tiny_and_zero_area_boxes_are_flagged()
    {
        var findings = Geometry(
            new AnnotatedBox("tiny", "Car", new PixelBox(5, 5, 2, 30), 640, 480),
            new AnnotatedBox("flat", "Car", new PixelBox(5, 5, 0, 30), 640, 480));

        Assert.Equal(["flat", "tiny"], findings.Select(f => f.AnnotationKey));
        Assert.Equal(1.0, findings[0].Score);
        Assert.Contains("zero area", findings[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Extreme_aspect_ratio_is_flagged()
    {
        var finding = Assert.Single(Geometry(new AnnotatedBox("pole", "Car", new PixelBox(5, 5, 300, 10), 640, 480)));

        Assert.Contains("30 times longer than wide", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Box_tiny_for_its_class_is_flagged()
    {
        var finding = Assert.Single(Geometry(new AnnotatedBox("speck", "Car", new PixelBox(5, 5, 8, 6), 640, 480)));

        Assert.Contains("of the typical Car box area", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_image_size_skips_the_frame_check()
    {
        Assert.Empty(Geometry(new AnnotatedBox("out", "Car", new PixelBox(600, 400, 100, 60), 0, 0)));
    }
}
