using System.Globalization;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Storage;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Host.Tests.TriageApi;

/// <summary>Finished sweeps written straight into a store (snapshot and report checkpoints), for payload sizes and shapes
/// no emulator sweep produces quickly: 200k points, no findings, a single class.</summary>
internal static class SyntheticSweep
{
    public const string Project = "synthetic";

    public static LabelBridgeOptions Options(string directory) => new()
    {
        Platforms = [new PlatformOptions { Name = "platform", Kind = PlatformKind.Cvat, Url = new Uri("http://127.0.0.1:9"), Credentials = new SecretOptions { Env = "UNSET_TEST_TOKEN" } }],
        Projects = [new ProjectOptions { Name = Project, Platform = "platform", RemoteProjectId = "1" }],
        Store = new StoreOptions { SqlitePath = Path.Combine(directory, "labelbridge.db") },
    };

    /// <summary>A finished sweep of <paramref name="count"/> boxes over <paramref name="labels"/>; every
    /// <paramref name="flagEvery"/>-th point is a mislabel finding (none when 0), every 7th annotation is an image-level label.
    /// A <paramref name="legacy"/> report's points do not say their population, as reports written before they did.</summary>
    public static async Task<SweepReport> WriteAsync(
        ILabelBridgeStore store, int count, IReadOnlyList<string> labels, int flagEvery, CancellationToken cancellationToken, bool legacy = false,
        LabelErrorEstimate? estimate = null)
    {
        var started = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var sweep = await store.CreateSweepAsync(Project, "manual", started, cancellationToken);
        var random = new Random(7);
        var items = new List<Item>();
        var annotations = new List<Annotation>(count);
        var points = new List<PlotPoint>(count);
        var findings = new List<ReportedFinding>();
        for (var i = 0; i < count; i++)
        {
            if (i % 10 == 0)
            {
                items.Add(new Item(ItemKey(i / 10), $"c{i / 10}", 640, 480, new ItemLocation(1, 1, i / 10), $"frame/{i / 10}", $"frame_{i / 10:000000}.jpg"));
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"cvat:shape/{i}");
            var label = labels[i % labels.Count];
            var shape = i % 7 == 6 ? ShapeKind.ImageLabel : ShapeKind.Rectangle;
            var population = legacy ? null : shape == ShapeKind.ImageLabel ? PlotPoint.ImageLabels : PlotPoint.Objects;
            annotations.Add(new Annotation(key, ItemKey(i / 10), label, shape, new PixelBox(1, 2, 30, 40), "v1", new AnnotationOrigin($"{i}", "shape")));
            var x = (float)(random.NextDouble() * 20 - 10);
            var y = (float)(random.NextDouble() * 20 - 10);
            if (flagEvery > 0 && i % flagEvery == 0)
            {
                var suggested = labels[(i + 1) % labels.Count];
                var score = Math.Round(random.NextDouble(), 6);
                var finding = new ReportedFinding(FindingKeys.For(FindingKind.Mislabel, key), FindingKind.Mislabel, score, key, ItemKey(i / 10),
                    $"frame_{i / 10:000000}.jpg", label, suggested, $"Labelled {label}, but it looks like {suggested}.", [], null, null);
                findings.Add(finding);
                points.Add(new PlotPoint(key, x, y, label, finding.Key, FindingKind.Mislabel, score, population));
            }
            else
            {
                points.Add(new PlotPoint(key, x, y, label, null, null, 0, population));
            }
        }

        var snapshot = new ProjectSnapshot(PlatformKind.Cvat, "1", "Synthetic", labels.Select(l => new ProjectLabel(l)).ToList(), items, annotations, []);
        var byKind = Enum.GetValues<FindingKind>().Where(k => k != FindingKind.ReviewerFlag).ToDictionary(k => k.ToString(), k => findings.Count(f => f.Kind == k));
        var counts = new SweepCounts(count, 0, count, 0, byKind, 0, 0, 0, 0, 0, 0);
        var projection = new PlotProjection("umap", points.Select(p => p.AnnotationKey).ToList(), points.SelectMany(p => new[] { p.X, p.Y }).ToArray(), 0.9);
        var report = new SweepReport(sweep.Id, Project, PlatformKind.Cvat, "1", "manual", started, started.AddMinutes(5), "pixel", counts,
            findings.OrderByDescending(f => f.Score).ToList(), [], [], [], ["a synthetic sweep"], projection, points, estimate);
        await store.CompleteStageAsync(sweep.Id, SweepStage.Snapshot, SweepCheckpoints.Serialize(snapshot), cancellationToken);
        await store.CompleteStageAsync(sweep.Id, SweepStage.Report, SweepCheckpoints.Serialize(report), cancellationToken);
        await store.FinishSweepAsync(sweep.Id, SweepStatus.Succeeded, started.AddMinutes(5), null, cancellationToken);
        return report;
    }

    private static string ItemKey(int frame) => string.Create(CultureInfo.InvariantCulture, $"cvat:task/1/frame/{frame}");
}
