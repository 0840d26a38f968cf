using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Bench.Analysis;

/// <summary>Outlier and mislabel quality on the analysis' full-dimension path against its large path (above
/// <c>ExactSearchLimit</c>: top principal components, then exact or HNSW search), same vectors, same run.</summary>
/// <remarks>The large path is built from the analysis' own parts (<see cref="PreparedRows.Reduced"/>,
/// <see cref="KnnSearch"/>, <see cref="FullDimensionRescore"/>, <see cref="OutlierScorer"/>), as
/// <see cref="LabelAnalysis"/> calls them above the limit.</remarks>
internal static class LargePathBench
{
    private const int K = 10;
    private const int Seed = 42;
    private const int Wide = OutlierScorer.NeighbourCount;

    public static void Header()
    {
        Console.WriteLine("| vectors | path | outlier score | AUROC | precision@recall0.8 | written at the 1% budget: precision / recall | search + score CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
    }

    /// <summary>The outlier rows: L2-normalised <paramref name="vectors"/>, the last <paramref name="injected"/> of them the injected patches.</summary>
    public static void Outliers(string name, float[] vectors, int dimension, int[] labels, int injected)
    {
        var count = labels.Length;
        var truth = new bool[count];
        for (var i = count - injected; i < count; i++)
        {
            truth[i] = true;
        }

        var index = LabelIndex.From(labels.Select(l => FashionMnist.ClassNames[l]).ToArray(), Enumerable.Range(0, count).ToArray());
        var cpu = Cpu();
        var full = GraphCache.Build(name + "+patches", vectors, count, dimension, Wide);
        Row(name, "full dimension, exact", "shipped score (mean distance, k 50)", OutlierScorer.Score(full, index, K), truth, Cpu() - cpu);

        var input = new AnalysisInput(dimension, vectors, [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))], [.. labels.Select(l => FashionMnist.ClassNames[l])], []);
        cpu = Cpu();
        var reduced = PreparedRows.From(input).Reduced(LabelAnalysis.ReducedDimension, Seed);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: PCA to {reduced.Dimension} {Cpu() - cpu:0.0} s CPU"));

        foreach (var (pathName, search) in new (string, Func<int, KnnGraph>)[]
        {
            ("PCA-64, exact", k => ExactKnn.Build(reduced.Vectors, count, reduced.Dimension, k)),
            ("PCA-64, HNSW", k => Hnsw.Build(reduced.Vectors, count, reduced.Dimension, seed: Seed).Neighbours(k, ef: Math.Max(64, 4 * K))),
        })
        {
            cpu = Cpu();
            var graph = search(Wide);
            var searched = Cpu() - cpu;
            Row(name, pathName, "before: mean distance in PCA space", OutlierScorer.Score(graph, index, K), truth, searched);
            cpu = Cpu();
            var rescored = FullDimensionRescore.Of(graph, vectors, dimension, reduced.SourceRows, inPlace: false);
            Row(name, pathName, "the same 50 neighbours re-measured at full dimension", OutlierScorer.Score(rescored, index, K), truth, searched + (Cpu() - cpu));

            cpu = Cpu();
            var twice = search(2 * Wide);
            var wider = FullDimensionRescore.Of(twice, vectors, dimension, reduced.SourceRows, inPlace: true).Nearest(Wide);
            Row(name, pathName, "100 neighbours re-measured at full dimension, nearest 50 kept", OutlierScorer.Score(wider, index, K), truth, Cpu() - cpu);
        }

        cpu = Cpu();
        var residual = Residuals(vectors, count, dimension);
        var residualCpu = Cpu() - cpu;
        var pcaExact = ExactKnn.Build(reduced.Vectors, count, reduced.Dimension, Wide);
        var plain = OutlierScorer.Score(pcaExact, index, K);
        var combined = Percentiles.Of(residual);
        for (var i = 0; i < count; i++)
        {
            combined[i] = MathF.Max(combined[i], plain.Score[i]);
        }

        RowOf(name, "PCA-64, exact", "reconstruction error of the dropped components only", residual, residual, truth, residualCpu);
        RowOf(name, "PCA-64, exact", "max of percentiles: PCA-space score, reconstruction error", combined, combined, truth, residualCpu);

        cpu = Cpu();
        var wider128 = PreparedRows.From(input).Reduced(128, Seed);
        var graph128 = ExactKnn.Build(wider128.Vectors, count, wider128.Dimension, Wide);
        Row(name, "PCA-128, exact", "mean distance in PCA space", OutlierScorer.Score(graph128, index, K), truth, Cpu() - cpu);
    }

    /// <summary>Mislabel quality of the shipped scorer (auto) on the full vectors and on the large path's variants, both noises.</summary>
    /// <remarks>The large path's two mislabel inputs are the kNN graph the shares are counted on and the rows the
    /// out-of-fold network is trained on. Before: both on the 64 components. Variants: the k = 10 neighbours taken from
    /// the outliers' 50 (found on the components) after they are re-measured with the full vectors; the network trained on
    /// the full vectors; both.</remarks>
    public static void Mislabels(string name, float[] vectors, int dimension, int[] clean)
    {
        var count = clean.Length;
        var input = new AnalysisInput(dimension, vectors, [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))], [.. clean.Select(l => FashionMnist.ClassNames[l])], []);
        var prepared = PreparedRows.From(input);
        var reduced = prepared.Reduced(LabelAnalysis.ReducedDimension, Seed);
        var onComponents = ExactKnn.Build(reduced.Vectors, count, reduced.Dimension, Wide);
        var componentGraph = onComponents.Nearest(K);
        var remeasured = FullDimensionRescore.Of(onComponents, vectors, dimension, reduced.SourceRows, inPlace: false).Nearest(K);
        var only = Environment.GetEnvironmentVariable("BENCH_LARGE_PATH_VARIANTS");
        var singles = FullRows.Of(prepared.Vectors, prepared.Count, dimension);
        var paths = new (string Path, FullRows Rows, KnnGraph Graph)[]
        {
            ("full dimension, exact", singles, GraphCache.Build(name, vectors, count, dimension, K)),
            ("PCA-64, exact: before (kNN and network on the components)", FullRows.Of(reduced.Vectors, reduced.Count, reduced.Dimension), componentGraph),
            ("PCA-64, exact: kNN neighbours re-measured at full dimension", FullRows.Of(reduced.Vectors, reduced.Count, reduced.Dimension), remeasured),
            ("PCA-64, exact: network on the full vectors", singles, componentGraph),
            ("PCA-64, exact: both", singles, remeasured),
            // What LabelAnalysis runs above the limit since the 1M memory work: the full rows held as halves, the components
            // projected from them (the graph built lazily below: only when this variant runs).
            ("PCA-64, exact: network on the full vectors in half precision, components projected from them", FullRows.AsHalf(prepared.Vectors, dimension), componentGraph),
        };
        if (string.IsNullOrEmpty(only) || only.Split(',').Contains("5"))
        {
            var halves = paths[5].Rows;
            var pca = Pca.Fit(prepared.Vectors, count, dimension, LabelAnalysis.ReducedDimension, Seed);
            var fromHalves = PreparedRows.Projected(pca, halves, prepared.SourceRows, []);
            paths[5].Graph = ExactKnn.Build(fromHalves.Vectors, count, fromHalves.Dimension, Wide).Nearest(K);
        }

        foreach (var (noiseName, (labels, flipped)) in new[] { ("10% symmetric", Noise.Symmetric(clean, 0.10, 10, Seed)), ("10% confusable pairs", Noise.BetweenConfusable(clean, 0.10, Seed)) })
        {
            var index = LabelIndex.From(labels.Select(l => FashionMnist.ClassNames[l]).ToArray(), Enumerable.Range(0, count).ToArray());
            for (var p = 0; p < paths.Length; p++)
            {
                if (!string.IsNullOrEmpty(only) && !only.Split(',').Contains(p.ToString(CultureInfo.InvariantCulture)))
                {
                    continue;
                }

                var (path, rows, graph) = paths[p];
                var cpu = Cpu();
                var clock = Stopwatch.StartNew();
                var evidence = MislabelModel.Fit(rows, graph, index, new MislabelOptions("auto", 5, 0.05, MislabelRanking.SelfConfidence, Seed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {path} | {noiseName}: mislabel auto (chose {evidence.Scorer}) | {Metrics.Auroc(evidence.Raw, flipped):0.000} | {Metrics.PrecisionAtRecall(evidence.Raw, flipped, 0.8):0.000} | {clock.Elapsed.TotalSeconds:0.0} s wall | {Cpu() - cpu:0.0} |"));
            }
        }
    }

    /// <summary>Squared norm of each centred row outside its top principal components (what the reduction drops).</summary>
    private static float[] Residuals(float[] vectors, int count, int dimension)
    {
        var pca = Pca.Fit(vectors, count, dimension, LabelAnalysis.ReducedDimension, Seed);
        var projected = pca.Transform(vectors, count);
        var residual = new float[count];
        for (var i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(i * dimension, dimension);
            var centred = 0f;
            for (var d = 0; d < dimension; d++)
            {
                var v = row[d] - pca.Mean[d];
                centred += v * v;
            }

            var kept = System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(projected.AsSpan(i * pca.ComponentCount, pca.ComponentCount));
            residual[i] = MathF.Max(0f, centred - kept);
        }

        return residual;
    }

    private static void Row(string name, string path, string score, OutlierScores scores, bool[] truth, double cpu) =>
        RowOf(name, path, score, scores.Score, scores.MeanDistance, truth, cpu, scores.Score);

    /// <summary>One table row; written = the analysis' selection: farthest first by <paramref name="farthest"/>, score at
    /// least 0.99 (the default <c>OutlierMinScore</c>), at most 1% of the rows (the default contamination).</summary>
    private static void RowOf(string name, string path, string score, float[] ranking, float[] farthest, bool[] truth, double cpu, float[]? passScore = null)
    {
        var count = truth.Length;
        var budget = (int)Math.Ceiling(0.01 * count);
        var order = Enumerable.Range(0, count).OrderByDescending(i => farthest[i]).ThenBy(i => i).ToArray();
        var pass = passScore ?? Percentiles.Of(ranking);
        var written = order.Where(i => pass[i] >= 0.99f).Take(budget).ToArray();
        var hits = written.Count(i => truth[i]);
        var positives = truth.Count(t => t);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {path} | {score} | {Metrics.Auroc(ranking, truth):0.000} | {Metrics.PrecisionAtRecall(ranking, truth, 0.8):0.000} | {(written.Length > 0 ? (double)hits / written.Length : 0):0.000} / {(double)hits / positives:0.000} ({written.Length} written) | {cpu:0.0} |"));
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
