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

            Learned(name, noiseName, vectors, dimension, graph, index, flipped);
        }
    }

    /// <summary>The confident-learning rows: out-of-fold classifier, kNN shares and their mean, both rankings, the
    /// shipped auto choice, and what its budget (the confident joint's estimate) keeps.</summary>
    private static void Learned(string name, string noiseName, float[] vectors, int dimension, KnnGraph graph, LabelIndex index, bool[] flipped)
    {
        var classes = index.Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.ProcessorCount > 0 ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero;
        var learned = OutOfFoldClassifier.Predict(vectors, index.OfRow.Length, dimension, index.OfRow, classes, new ClassifierOptions());
        var cpuUsed = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {noiseName}: classifier {clock.Elapsed.TotalSeconds:0.0} s wall, {cpuUsed.TotalSeconds:0.0} s CPU"));
        var knn = MislabelScorer.Default.Shares(graph, index);
        var combined = new float[knn.Length];
        for (var i = 0; i < knn.Length; i++)
        {
            combined[i] = 0.5f * (knn[i] + learned[i]);
        }

        clock.Restart();
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var network = OutOfFoldNetwork.Predict(vectors, index.OfRow.Length, dimension, index.OfRow, classes, new ClassifierOptions(), new NetworkOptions());
        cpuUsed = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {noiseName}: network {clock.Elapsed.TotalSeconds:0.0} s wall, {cpuUsed.TotalSeconds:0.0} s CPU"));
        var networkCombined = new float[knn.Length];
        for (var i = 0; i < knn.Length; i++)
        {
            networkCombined[i] = 0.5f * (knn[i] + network[i]);
        }

        foreach (var (probabilitiesName, probabilities) in new[]
        {
            ("kNN shares", knn), ("classifier (out-of-fold logistic regression)", learned), ("combined", combined),
            ("network (out-of-fold, 64 ReLU)", network), ("network-combined", networkCombined),
        })
        {
            foreach (var ranking in new[] { MislabelRanking.SelfConfidence, MislabelRanking.NormalizedMargin })
            {
                Row(name, noiseName, $"{probabilitiesName}, {ranking}", ConfidentLearning.Rank(probabilities, index.OfRow, classes, ranking).Score, flipped);
            }
        }

        var evidence = MislabelModel.Fit(vectors, dimension, graph, index, new MislabelOptions("auto", 5, 0.05, MislabelRanking.SelfConfidence, Seed));
        Row(name, noiseName, $"**auto (chose {evidence.Scorer}, {evidence.Ranking})**", evidence.Raw, flipped);
        var order = Enumerable.Range(0, flipped.Length).OrderByDescending(i => evidence.Calibrated[i]).ThenByDescending(i => evidence.Raw[i]).ToArray();
        int shown = 0, hits = 0, belowHalf = 0;
        foreach (var i in order)
        {
            if (shown >= evidence.Joint.EstimatedErrors)
            {
                break;
            }

            if (evidence.Calibrated[i] < 0.5)
            {
                belowHalf++;
                break;
            }

            var s = evidence.Suggested[i];
            if (s < 0 || evidence.Probabilities[(i * classes) + s] <= evidence.Probabilities[(i * classes) + index.OfRow[i]])
            {
                continue;
            }

            shown++;
            hits += flipped[i] ? 1 : 0;
        }

        var truth = flipped.Count(f => f);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {noiseName} | budget: estimate {evidence.Joint.EstimatedErrors} of {truth} flipped, written {shown}{(belowHalf > 0 ? " (stopped at score < 0.5)" : "")} | precision {(shown > 0 ? (double)hits / shown : 0):0.000} | recall {(double)hits / truth:0.000} |"));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} {noiseName}: calibrated share of wrong labels {evidence.CalibratedRate:0.000} (flipped {(double)truth / flipped.Length:0.000}, confident joint plain {evidence.Joint.ConfidentErrors}); reliability {CalibrationReport.Line(evidence.Calibrated, flipped)}"));
        CalibrationReport.Dump($"{name}-{noiseName}", evidence, flipped, index.OfRow);
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
