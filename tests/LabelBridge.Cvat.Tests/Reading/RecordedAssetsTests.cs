using System.Text.Json;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Cvat.Api;
using LabelBridge.Cvat.Reading;

namespace LabelBridge.Cvat.Tests.Reading;

/// <summary>The responses CVAT's own REST tests recorded (testdata/cvat/assets) parse into the connector's DTOs.</summary>
public sealed class RecordedAssetsTests
{
    [Fact]
    public void Recorded_list_responses_parse_with_every_result()
    {
        AssertPage<CvatProject>("projects.json", p => Assert.NotNull(p.Name));
        AssertPage<CvatTask>("tasks.json", t => Assert.True(t.Id > 0));
        AssertPage<CvatJob>("jobs.json", j => Assert.True(j.StopFrame >= j.StartFrame && j.Stage is not null && j.State is not null));
        AssertPage<CvatLabel>("labels.json", l => Assert.NotNull(l.Name));
        AssertPage<CvatIssue>("issues.json", i => Assert.True(i.Position is { Count: >= 2 } && i.Job > 0));
        AssertPage<CvatComment>("comments.json", c => Assert.False(string.IsNullOrEmpty(c.Message)));
    }

    [Fact]
    public void Recorded_annotations_of_every_job_and_task_map_every_shape_type_to_a_box()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Asset("annotations.json")));
        var labels = Read<CvatPage<CvatLabel>>("labels.json").Results!.ToDictionary(l => l.Id, l => l.Name!);
        var kinds = new HashSet<ShapeKind>();
        var count = 0;
        foreach (var scope in new[] { "job", "task" })
        {
            foreach (var entry in document.RootElement.GetProperty(scope).EnumerateObject())
            {
                var annotations = entry.Value.Deserialize<CvatAnnotations>(CvatSerialization.Options)!;
                var lastFrame = new[] { annotations.Shapes!.Select(s => s.Frame), annotations.Tags!.Select(t => t.Frame), annotations.Tracks!.SelectMany(t => t.Shapes!.Select(s => s.Frame)) }
                    .SelectMany(f => f).DefaultIfEmpty(0).Max();
                var job = new CvatJob(long.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture), 1, 0, lastFrame, "annotation", "new", "annotation");
                var meta = new CvatDataMeta(lastFrame + 1, 0, lastFrame, null, [new CvatFrameMeta(4000, 4000, "frame.png")], [], null);
                var parts = new SnapshotParts();
                new JobMapper("recorded-server:443", labels, parts).Map(1, job, new JobFrames(job, meta), annotations);

                Assert.DoesNotContain(parts.Problems, p => p.Reason.Contains("shape type", StringComparison.Ordinal) || p.Reason.Contains("coordinates", StringComparison.Ordinal));
                Assert.All(parts.Annotations, a => Assert.True(a.Box.Width >= 0 && a.Box.Height >= 0 && double.IsFinite(a.Box.Area)));
                kinds.UnionWith(parts.Annotations.Select(a => a.Shape));
                count += parts.Annotations.Count;
            }
        }

        Assert.True(count > 100, $"only {count} annotations mapped");
        Assert.Superset(
            new HashSet<ShapeKind> { ShapeKind.Rectangle, ShapeKind.Polygon, ShapeKind.Polyline, ShapeKind.Points, ShapeKind.Ellipse, ShapeKind.Mask, ShapeKind.Skeleton, ShapeKind.Cuboid, ShapeKind.ImageLabel },
            kinds);
    }

    private static void AssertPage<T>(string file, Action<T> check)
    {
        var page = Read<CvatPage<T>>(file);
        Assert.NotNull(page.Results);
        Assert.Equal(page.Count, page.Results.Count);
        Assert.All(page.Results, check);
    }

    private static T Read<T>(string file) => JsonSerializer.Deserialize<T>(File.ReadAllText(Asset(file)), CvatSerialization.Options)!;

    private static string Asset(string file) => Path.Combine(AppContext.BaseDirectory, "testdata", "cvat", "assets", file);
}
