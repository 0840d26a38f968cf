using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Bench.Analysis;

/// <summary>What decides flag quality, per swept population: the figures an embedder choice could use (10-NN label
/// agreement, the scorer trial's average precision on injected flips), the ranking's real average precision against
/// the planted errors, what the analysis writes, its outliers, and the reliability of the calibrated mislabel score.</summary>
/// <remarks>Usage: <c>probe &lt;out&gt; &lt;stem&gt;=&lt;planted.tsv&gt;...</c>, inputs as for <see cref="Replay"/>.</remarks>
internal static class Probe
{

    public static void Run(IEnumerable<string> pairs)
    {
        Console.WriteLine("| population | rows | planted | 10-NN agreement | trial AP (chosen scorer) | real AP of the ranking | markers | precision | recall | outliers on planted | reliability: bucket rows/planted share |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            One(parts[0], parts[1]);
        }
    }

    private static void One(string stem, string plantedPath)
    {
        var lines = File.ReadAllLines(stem + ".tsv");
        var keys = lines.Select(l => l.Split('\t')[0]).ToArray();
        var labelNames = lines.Select(l => l.Split('\t')[1]).ToArray();
        var dimension = int.Parse(lines[0].Split('\t')[2], CultureInfo.InvariantCulture);
        var vectors = Representations.ReadFloats(stem + ".f32");
        var planted = File.ReadAllLines(plantedPath).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        var input = new AnalysisInput(dimension, vectors, keys, labelNames, []);
        // PROBE_NETWORK=0: the trial without the network candidates (the analysis before they joined it).
        var thresholds = new AnalysisThresholds { MislabelNetwork = Environment.GetEnvironmentVariable("PROBE_NETWORK") != "0" };
        var result = LabelAnalysis.Analyze(input, thresholds, 500);
        var boxes = result.Findings.Select(f => f.AnnotationKey).Distinct().ToList();
        var hits = boxes.Count(planted.Contains);
        var outliers = result.Findings.Where(f => f.Kind == FindingKind.Outlier).ToList();

        var rows = PreparedRows.From(input);
        var graph = KnnSearch.Build(rows.Vectors, rows.Count, rows.Dimension, thresholds.NeighbourCount, thresholds.ExactSearchLimit, thresholds.Seed, thresholds.NeighbourCount);
        var labels = LabelIndex.From(input.Labels, rows.SourceRows);
        var rowKeys = rows.SourceRows.Select(r => keys[r]).ToArray();
        var isPlanted = rowKeys.Select(planted.Contains).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var evidence = MislabelModel.Fit(rows.Vectors, rows.Dimension, graph, labels, new MislabelOptions(thresholds.MislabelScorer, thresholds.ClassifierFolds, thresholds.InjectedFlipRate, MislabelRanking.SelfConfidence, thresholds.Seed, thresholds.MislabelNetwork));
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var chosenTrial = evidence.Trials.FirstOrDefault(t => t.Scorer == evidence.Scorer);
        var realAp = RankingQuality.AveragePrecision(evidence.Raw, isPlanted);
        var reliability = CalibrationReport.Line(evidence.Calibrated, isPlanted);
        CalibrationReport.Dump(Path.GetFileName(stem), evidence, isPlanted, labels.OfRow);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(stem)} | {rowKeys.Length} | {planted.Count} | {Agreement(graph, labels):0.000} | {evidence.Scorer} {chosenTrial?.AveragePrecision:0.000} | {realAp:0.000} | {boxes.Count} | {(boxes.Count > 0 ? (double)hits / boxes.Count : 0):0.00} | {(double)hits / planted.Count:0.00} | {outliers.Count(f => planted.Contains(f.AnnotationKey))}/{outliers.Count} | {reliability} |"));
        Console.WriteLine("    trials: " + string.Join("; ", evidence.Trials.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Scorer} {t.AveragePrecision:0.000}/{t.Auroc:0.000}"))) + string.Create(CultureInfo.InvariantCulture, $" (fit {fitSeconds:0.0} s); calibrated rate {evidence.CalibratedRate:0.000}, planted rate {(double)isPlanted.Count(p => p) / isPlanted.Length:0.000}"));
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rowKeys.Length; i++)
        {
            rowOf[rowKeys[i]] = i;
        }

        var classes = labels.Count;
        var thresholdsOfClass = evidence.Joint.Thresholds;
        Console.WriteLine("    outliers (planted, p(given), t(given), confident label is given, calibrated): " + string.Join("; ", outliers.Select(f =>
        {
            var i = rowOf[f.AnnotationKey];
            var g = labels.OfRow[i];
            return string.Create(CultureInfo.InvariantCulture, $"{(planted.Contains(f.AnnotationKey) ? "P" : "c")} {evidence.Probabilities[(i * classes) + g]:0.00}/{thresholdsOfClass[g]:0.00} {(evidence.Joint.ConfidentLabel[i] == g ? "conf" : "-")} {evidence.Calibrated[i]:0.00}");
        })));
        var written = int.TryParse(Environment.GetEnvironmentVariable("PROBE_TOP"), CultureInfo.InvariantCulture, out var top0) ? top0 : boxes.Count;
        var disagreement = Enumerable.Range(0, rowKeys.Length).Select(i =>
        {
            var ids = graph.NeighboursOf(i);
            int other = 0, total = 0;
            for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
            {
                total++;
                other += labels.OfRow[ids[j]] != labels.OfRow[i] ? 1 : 0;
            }

            return total > 0 ? (double)other / total : 0;
        }).ToArray();
        var top = Enumerable.Range(0, rowKeys.Length).OrderByDescending(i => disagreement[i]).ThenBy(i => rowKeys[i], StringComparer.Ordinal).Take(written).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    kNN disagreement top {written}: precision {(written > 0 ? (double)top.Count(i => isPlanted[i]) / written : 0):0.00}, recall {(double)top.Count(i => isPlanted[i]) / planted.Count:0.00}"));
        foreach (var note in result.Notes.Where(n => n.Contains("look wrong", StringComparison.Ordinal)))
        {
            Console.WriteLine("    " + note);
        }
    }

    /// <summary>Leave-one-out similarity-weighted 10-NN vote agreeing with the row's label (what auto used).</summary>
    private static double Agreement(KnnGraph graph, LabelIndex labels)
    {
        var agree = 0;
        var votes = new double[labels.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            Array.Clear(votes);
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
            {
                votes[labels.OfRow[ids[j]]] += Math.Max(1e-6, sims[j]);
            }

            var best = 0;
            for (var c = 1; c < votes.Length; c++)
            {
                best = votes[c] > votes[best] ? c : best;
            }

            agree += best == labels.OfRow[i] ? 1 : 0;
        }

        return (double)agree / graph.Count;
    }
}
