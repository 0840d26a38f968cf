using System.Globalization;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Host.Browser.Tests;

/// <summary>A finished sweep of any size written straight into a store: Gaussian label clusters, a few percent
/// flagged, one in ten annotations an image-level label. For measuring the page, not the analysis.</summary>
internal static class SyntheticSweep
{
    public static async Task<long> WriteAsync(ILabelBridgeStore store, string project, int points, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        string[] labels = [.. Enumerable.Range(0, 12).Select(i => $"class-{i:00}")];
        var items = new List<Item>();
        var annotations = new List<Annotation>();
        var plot = new List<PlotPoint>();
        var findings = new List<ReportedFinding>();
        FindingKind[] kinds = [FindingKind.Mislabel, FindingKind.Outlier, FindingKind.DuplicateConflict];
        for (var i = 0; i < points; i++)
        {
            var itemKey = $"cvat:task/1/frame/{i / 20}";
            if (i % 20 == 0)
            {
                items.Add(new Item(itemKey, itemKey, 640, 480, new ItemLocation(1, 1, i / 20), itemKey, $"frame_{i / 20:000000}.jpg"));
            }

            var imageLevel = i % 10 == 9;
            var key = imageLevel ? $"cvat:tag/{i}" : $"cvat:shape/{i}";
            var label = random.Next(labels.Length);
            annotations.Add(new Annotation(key, itemKey, labels[label], imageLevel ? ShapeKind.ImageLabel : ShapeKind.Rectangle,
                new PixelBox(10, 10, 50, 50), "v1", new AnnotationOrigin(i.ToString(CultureInfo.InvariantCulture), imageLevel ? "tag" : "shape")));
            var angle = 2 * Math.PI * label / labels.Length;
            var x = (float)((10 * Math.Cos(angle)) + Gaussian(random));
            var y = (float)((10 * Math.Sin(angle)) + Gaussian(random));
            string? findingKey = null;
            FindingKind? kind = null;
            var score = 0.0;
            if (random.NextDouble() < 0.03)
            {
                kind = kinds[random.Next(kinds.Length)];
                score = random.NextDouble();
                findingKey = $"{kind.Value.ToString().ToLowerInvariant()}:{key}";
                var suggested = labels[(label + 1) % labels.Length];
                findings.Add(new ReportedFinding(findingKey, kind.Value, score, key, itemKey, $"frame_{i / 20:000000}.jpg", labels[label],
                    kind == FindingKind.Mislabel ? suggested : null, "synthetic", [], null, null));
            }

            // Points carry their population as SweepReportBuilder writes them (without it the page's load waits for the snapshot).
            plot.Add(new PlotPoint(key, x, y, labels[label], findingKey, kind, score, imageLevel ? PlotPoint.ImageLabels : PlotPoint.Objects));
        }

        var sweep = await store.CreateSweepAsync(project, "bench", now, cancellationToken);
        var snapshot = new ProjectSnapshot(PlatformKind.Cvat, "1", project, [.. labels.Select(l => new ProjectLabel(l))], items, annotations, []);
        var byKind = findings.GroupBy(f => f.Kind.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var report = new SweepReport(sweep.Id, project, PlatformKind.Cvat, "1", "bench", now, now, "synthetic",
            new SweepCounts(points, 0, 0, points, byKind, 0, 0, 0, 0, 0, 0), findings, [], [], [], [],
            new PlotProjection("synthetic", [], [], null), plot);
        foreach (var stage in Enum.GetValues<SweepStage>().Where(s => s > SweepStage.Created))
        {
            var checkpoint = stage switch
            {
                SweepStage.Snapshot => SweepCheckpoints.Serialize(snapshot),
                SweepStage.Report => SweepCheckpoints.Serialize(report),
                _ => [],
            };
            await store.CompleteStageAsync(sweep.Id, stage, checkpoint, cancellationToken);
        }

        await store.FinishSweepAsync(sweep.Id, SweepStatus.Succeeded, now, null, cancellationToken);
        return sweep.Id;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 1.6;
}
