using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Core.Configuration;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Findings;

namespace LabelBridge.Bench.Analysis;

/// <summary>What a sweep of Fashion-MNIST with injected label noise writes: the shipped <see cref="LabelAnalysis"/> with
/// default thresholds (so above <c>ExactSearchLimit</c> its large path: neighbours on the principal components, the
/// mislabel classifier on the full vectors), every finding kept (no <c>MaxFindingsPerSweep</c> cut; the default cap of
/// 500 is the list's first 500, worst first), markers = annotations with a finding, scored against the flipped rows.</summary>
/// <remarks>The quality verb's "budget" row walks <c>MislabelModel</c> on the full-dimension graph; this is the
/// analysis a sweep runs, whichever path the row count takes.</remarks>
internal static class SweepWritten
{
    private const int Seed = 42;
    private const int DefaultCap = 500;

    public static void Run(string name, float[] vectors, int dimension, int[] clean)
    {
        var count = clean.Length;
        var keys = Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine("| vectors | noise | estimate (shown) | markers | precision | recall | mislabel findings | mislabel precision | lowest mislabel score | first 500 (default cap): precision / recall | analysis wall s / CPU s |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var (noiseName, (labels, flipped)) in new[] { ("10% symmetric", Noise.Symmetric(clean, 0.10, 10, Seed)), ("10% confusable pairs", Noise.BetweenConfusable(clean, 0.10, Seed)) })
        {
            var input = new AnalysisInput(dimension, vectors, keys, [.. labels.Select(l => FashionMnist.ClassNames[l])], []);
            if (Environment.GetEnvironmentVariable("BENCH_ORACLE_PRIOR") == "1")
            {
                // Only the fit and its calibration with the true prior (no analysis, no table row).
                Reliability(name, noiseName, input, flipped);
                continue;
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = LabelAnalysis.Analyze(input, new AnalysisThresholds(), int.MaxValue);
            var wall = clock.Elapsed.TotalSeconds;
            var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var truth = flipped.Count(f => f);
            var boxes = result.Findings.Select(f => int.Parse(f.AnnotationKey, CultureInfo.InvariantCulture)).Distinct().ToList();
            var hits = boxes.Count(i => flipped[i]);
            var mislabels = result.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
            var mislabelHits = mislabels.Count(f => flipped[int.Parse(f.AnnotationKey, CultureInfo.InvariantCulture)]);
            var first = result.Findings.Take(DefaultCap).Select(f => int.Parse(f.AnnotationKey, CultureInfo.InvariantCulture)).Distinct().ToList();
            var firstHits = first.Count(i => flipped[i]);
            var estimate = result.Estimate is { } e ? string.Create(CultureInfo.InvariantCulture, $"{e.EstimatedWrong} ({e.Shown}) of {truth} flipped") : "none";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {noiseName} | {estimate} | {boxes.Count} | {Ratio(hits, boxes.Count):0.000} | {Ratio(hits, truth):0.000} | {mislabels.Count} | {Ratio(mislabelHits, mislabels.Count):0.000} | {(mislabels.Count > 0 ? mislabels.Min(f => f.Score) : double.NaN):0.00} | {Ratio(firstHits, first.Count):0.000} / {Ratio(firstHits, truth):0.000} | {wall:0.0} / {cpuUsed:0.0} |"));
            foreach (var note in result.Notes)
            {
                Console.Error.WriteLine($"{name} {noiseName}: {note}");
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {noiseName}: findings by kind (on flipped / all) {Kinds(result.Findings, flipped)}; first {DefaultCap}: {Kinds(result.Findings.Take(DefaultCap), flipped)}"));
            Reliability(name, noiseName, input, flipped);
        }
    }

    private static string Kinds(IEnumerable<Finding> findings, bool[] flipped) =>
        string.Join(", ", findings.GroupBy(f => f.Kind).Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Key} {g.Count(f => flipped[int.Parse(f.AnnotationKey, CultureInfo.InvariantCulture)])}/{g.Count()}")));

    /// <summary>The reliability of the calibrated mislabel score on the rows and graph the analysis used (its fit,
    /// repeated here: the analysis keeps its evidence to itself).</summary>
    private static void Reliability(string name, string noiseName, AnalysisInput input, bool[] flipped)
    {
        var thresholds = new AnalysisThresholds();
        var full = PreparedRows.From(input);
        var rows = full.Count > thresholds.ExactSearchLimit && full.Dimension > LabelAnalysis.ReducedDimension ? full.Reduced(LabelAnalysis.ReducedDimension, thresholds.Seed) : full;
        var graph = KnnSearch.Build(rows.Vectors, rows.Count, rows.Dimension, thresholds.NeighbourCount, thresholds.ExactSearchLimit, thresholds.Seed, thresholds.NeighbourCount, fullDimension: input.Dimension);
        var labels = LabelIndex.From(input.Labels, rows.SourceRows);
        var evidence = MislabelModel.Fit(full.Vectors, full.Dimension, graph, labels, new MislabelOptions(thresholds.MislabelScorer, thresholds.ClassifierFolds, thresholds.InjectedFlipRate, MislabelRanking.SelfConfidence, thresholds.Seed, thresholds.MislabelNetwork));
        var truth = rows.SourceRows.Select(r => flipped[r]).ToArray();
        if (Environment.GetEnvironmentVariable("BENCH_ORACLE_PRIOR") == "1" && Calibration.Fit(evidence.TrialFlipScores, evidence.TrialOtherScores, truth.Length) is { } calibration)
        {
            // The same calibration with the true share of flipped rows (one prior; then one per given label) in place of
            // the estimate: whether the prior or the shape of the likelihood ratio leaves the middle cold.
            var mapped = Calibration.OnTrialScale(evidence.Raw, evidence.TrialOtherScores);
            var share = (double)truth.Count(t => t) / truth.Length;
            var perLabel = new double[labels.Count];
            var perLabelRows = new int[labels.Count];
            for (var i = 0; i < truth.Length; i++)
            {
                perLabel[labels.OfRow[i]] += truth[i] ? 1 : 0;
                perLabelRows[labels.OfRow[i]]++;
            }

            var one = new float[truth.Length];
            var each = new float[truth.Length];
            for (var i = 0; i < truth.Length; i++)
            {
                one[i] = (float)calibration.Probability(mapped[i], share);
                each[i] = (float)calibration.Probability(mapped[i], perLabel[labels.OfRow[i]] / Math.Max(1, perLabelRows[labels.OfRow[i]]));
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {noiseName}: estimated prior {calibration.Prior:0.000}; with the true share {share:0.000} as one prior: {CalibrationReport.Line(one, truth)}; with the true share per given label: {CalibrationReport.Line(each, truth)}"));
            return;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} {noiseName}: sweep's fit: AUROC {Metrics.Auroc(evidence.Raw, truth):0.000}, precision@recall0.8 {Metrics.PrecisionAtRecall(evidence.Raw, truth, 0.8):0.000}; calibrated share of wrong labels {evidence.CalibratedRate:0.000}; reliability {CalibrationReport.Line(evidence.Calibrated, truth)}"));
    }

    private static double Ratio(int part, int whole) => whole > 0 ? (double)part / whole : 0;
}
