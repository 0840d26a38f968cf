using System.Globalization;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;

namespace LabelBridge.Bench.Analysis;

/// <summary>Flag quality on Fashion-MNIST with injected label noise: mislabel AUROC and precision at recall 0.8
/// for each scorer against the plain kNN-disagreement baseline, and outlier AUROC for injected non-fashion patches.</summary>
internal static class QualityBench
{
    private const int K = 10;
    private const int Seed = 42;

    private static readonly (string Name, MislabelScorer Scorer)[] Scorers =
    [
        ("similarity-weighted margin (DESIGN §6)", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: false, marginWeight: 1f)),
        ("similarity-weighted, class-adjusted margin", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: true, marginWeight: 1f)),
        ("local-kernel margin", new MislabelScorer(NeighbourWeighting.LocalKernel, classAdjusted: false, marginWeight: 1f)),
        ("similarity-weighted self-confidence", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: false, marginWeight: 0f)),
        ("local-kernel self-confidence", new MislabelScorer(NeighbourWeighting.LocalKernel, classAdjusted: false, marginWeight: 0f)),
        ("similarity-weighted, margin weight 0.05", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: false, marginWeight: 0.05f)),
        ("similarity-weighted, margin weight 0.2", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: false, marginWeight: 0.2f)),
        ("similarity-weighted, class-adjusted, margin weight 0.05", new MislabelScorer(NeighbourWeighting.Similarity, classAdjusted: true, marginWeight: 0.05f)),
        ("local-kernel, margin weight 0.05", new MislabelScorer(NeighbourWeighting.LocalKernel, classAdjusted: false, marginWeight: 0.05f)),
        ("local-kernel, margin weight 0.2", new MislabelScorer(NeighbourWeighting.LocalKernel, classAdjusted: false, marginWeight: 0.2f)),
        ("default", MislabelScorer.Default),
    ];

    public static void Run(string name, float[] vectors, int dimension, int[] clean)
    {
        var count = clean.Length;
        var graph = GraphCache.Build(name, vectors, count, dimension, K);
        var noises = new (string Name, (int[] Labels, bool[] Flipped) Noise)[]
        {
            ("10% symmetric", Noise.Symmetric(clean, 0.10, 10, Seed)),
            ("10% confusable pairs", Noise.BetweenConfusable(clean, 0.10, Seed)),
        };

        foreach (var (noiseName, (labels, flipped)) in noises)
        {
            var names = labels.Select(l => FashionMnist.ClassNames[l]).ToArray();
            var index = LabelIndex.From(names, Enumerable.Range(0, count).ToArray());
            var baseline = Disagreement(graph, index);
            Row(name, noiseName, "baseline: kNN disagreement", baseline, flipped);
            foreach (var (scorerName, scorer) in Scorers)
            {
                Row(name, noiseName, scorerName, scorer.Score(graph, index).Score, flipped);
            }
        }
    }

    public static void RunOutliers(string name, float[] vectors, int dimension, int[] labels, int injected)
    {
        var count = labels.Length;
        var graph = GraphCache.Build(name + "+patches", vectors, count, dimension, K);
        var names = labels.Select(l => FashionMnist.ClassNames[l]).ToArray();
        var index = LabelIndex.From(names, Enumerable.Range(0, count).ToArray());
        var truth = new bool[count];
        for (var i = count - injected; i < count; i++)
        {
            truth[i] = true;
        }

        var narrow = OutlierScorer.Score(graph, index, K);
        var wide = GraphCache.Build(name + "+patches", vectors, count, dimension, OutlierScorer.NeighbourCount);
        var shipped = OutlierScorer.Score(wide, index, K);
        var lof = OutlierVariants.LocalOutlierFactor(graph);
        var rows = new (string Score, float[] Values)[]
        {
            ($"**default: max of project/class percentile of mean kNN distance (k={OutlierScorer.NeighbourCount}, capped by class size)**", shipped.Score),
            ($"mean kNN distance (k={OutlierScorer.NeighbourCount}) only", shipped.MeanDistance),
            ($"local outlier factor (k={OutlierScorer.NeighbourCount})", OutlierVariants.LocalOutlierFactor(wide)),
            ($"previous default: max of project/class percentile of mean kNN distance (k={K})", narrow.Score),
            ($"mean kNN distance (k={K}) only", narrow.MeanDistance),
            ($"distance to the {K}th neighbour", OutlierVariants.KthDistance(graph)),
            ($"local outlier factor (k={K})", lof),
            ($"max of project/class percentile of LOF (k={K})", OutlierVariants.WithClassPercentile(lof, index)),
        };
        foreach (var (score, values) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {injected} non-fashion patches in {count} | {score} | {Metrics.Auroc(values, truth):0.000} | {Metrics.PrecisionAtRecall(values, truth, 0.8):0.000} |"));
        }
    }

    private static float[] Disagreement(KnnGraph graph, LabelIndex labels)
    {
        var scores = new float[graph.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            var ids = graph.NeighboursOf(i);
            var differ = 0;
            foreach (var id in ids)
            {
                differ += labels.OfRow[id] != labels.OfRow[i] ? 1 : 0;
            }

            scores[i] = (float)differ / ids.Length;
        }

        return scores;
    }

    private static void Row(string vectors, string noise, string scorer, float[] scores, bool[] flipped) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {vectors} | {noise} | {scorer} | {Metrics.Auroc(scores, flipped):0.000} | {Metrics.PrecisionAtRecall(scores, flipped, 0.8):0.000} |"));
}
