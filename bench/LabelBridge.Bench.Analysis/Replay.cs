using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Bench.Analysis;

/// <summary>Replays the analysis of one swept population (vectors, keys, labels as the sweep analysed them) and
/// scores the findings against the planted errors: markers (one per box), precision, recall.</summary>
/// <remarks>Usage: <c>replay &lt;out&gt; &lt;stem&gt; &lt;planted.tsv&gt; [label]</c>. Input: <c>stem.f32</c> (the N×D
/// float32 vectors, row-major, little-endian) and <c>stem.tsv</c> (annotation key, label, D per row), as
/// <c>LabelAnalysis.Analyze</c> received them; <c>planted.tsv</c>: annotation key, kind per planted error (the
/// flag-quality bench writes it with <c>LB_DEBUG_DUMP=&lt;prefix&gt;</c>; the demo writes planted-errors.json). The
/// inputs in bench/RESULTS.md were written by a temporary hook at the top of <c>Analyze</c> that is not shipped:
/// the analysis library does no I/O. The replay reproduced the end-to-end rows exactly.</remarks>
internal static class Replay
{
    public static void Run(string stem, string plantedPath, string label)
    {
        var lines = File.ReadAllLines(stem + ".tsv");
        var keys = lines.Select(l => l.Split('\t')[0]).ToArray();
        var labels = lines.Select(l => l.Split('\t')[1]).ToArray();
        var dimension = int.Parse(lines[0].Split('\t')[2], CultureInfo.InvariantCulture);
        var vectors = Representations.ReadFloats(stem + ".f32");
        var planted = File.ReadAllLines(plantedPath).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        var input = new AnalysisInput(dimension, vectors, keys, labels, []);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = LabelAnalysis.Analyze(input, new AnalysisThresholds(), 500);
        var boxes = result.Findings.Select(f => f.AnnotationKey).Distinct().ToList();
        var hits = boxes.Count(planted.Contains);
        var mislabels = result.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {keys.Length} | {planted.Count} | {boxes.Count} | {(boxes.Count > 0 ? (double)hits / boxes.Count : 0):0.00} | {(double)hits / planted.Count:0.00} | mislabel {mislabels.Count(f => planted.Contains(f.AnnotationKey))}/{mislabels.Count} | {clock.Elapsed.TotalSeconds:0.0} s |"));
        foreach (var note in result.Notes.Where(n => n.StartsWith("Mislabel scorer", StringComparison.Ordinal) || n.StartsWith("about", StringComparison.Ordinal)))
        {
            Console.WriteLine("    " + note);
        }

        Selections(input, planted);
    }

    /// <summary>Planted errors among the mislabel candidates each selection rule would write at the confident
    /// joint's budget, for the scorer the trial chose and for every scorer: global top by self-confidence, by normalized
    /// margin, and cleanlab's prune-by-noise-rate (per (given, true) cell of the joint, its count of rows by margin).</summary>
    private static void Selections(AnalysisInput input, HashSet<string> planted)
    {
        var thresholds = new AnalysisThresholds();
        var rows = PreparedRows.From(input);
        var graph = KnnSearch.Build(rows.Vectors, rows.Count, rows.Dimension, thresholds.NeighbourCount, thresholds.ExactSearchLimit, thresholds.Seed, thresholds.NeighbourCount);
        var labels = LabelIndex.From(input.Labels, rows.SourceRows);
        var keys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            keys[r] = input.AnnotationKeys[rows.SourceRows[r]];
        }

        foreach (var scorer in new[] { "knn", "classifier", "combined" })
        {
            foreach (var ranking in new[] { MislabelRanking.SelfConfidence, MislabelRanking.NormalizedMargin })
            {
                var evidence = MislabelModel.Fit(rows.Vectors, rows.Dimension, graph, labels, new MislabelOptions(scorer, thresholds.ClassifierFolds, thresholds.InjectedFlipRate, ranking, thresholds.Seed));
                var budget = evidence.Joint.EstimatedErrors;
                var global = Top(evidence, labels, budget, keys, planted, calibrated: true);
                var raw = Top(evidence, labels, budget, keys, planted, calibrated: false);
                var pruned = PruneByNoiseRate(evidence, labels, keys, planted);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {scorer,-10} {ranking,-16} budget {budget,4}: top (cal>=0.5) {global.Hits}/{global.Written}; top (no cut) {raw.Hits}/{raw.Written}; prune-by-noise-rate {pruned.Hits}/{pruned.Written}; cal>=0.5 rows {evidence.Calibrated.Count(c => c >= 0.5f)}"));
            }
        }
    }

    private static (int Hits, int Written) Top(MislabelEvidence evidence, LabelIndex labels, int budget, string[] keys, HashSet<string> planted, bool calibrated)
    {
        var classes = labels.Count;
        var order = Enumerable.Range(0, keys.Length).OrderByDescending(i => evidence.Raw[i]).ThenBy(i => keys[i], StringComparer.Ordinal).ToList();
        int written = 0, hits = 0;
        foreach (var i in order)
        {
            if (written >= budget || (calibrated && evidence.Calibrated[i] < 0.5f))
            {
                break;
            }

            var s = evidence.Suggested[i];
            if (s < 0 || evidence.Probabilities[(i * classes) + s] <= evidence.Probabilities[(i * classes) + labels.OfRow[i]])
            {
                continue;
            }

            written++;
            hits += planted.Contains(keys[i]) ? 1 : 0;
        }

        return (hits, written);
    }

    private static (int Hits, int Written) PruneByNoiseRate(MislabelEvidence evidence, LabelIndex labels, string[] keys, HashSet<string> planted)
    {
        var classes = labels.Count;
        var p = evidence.Probabilities;
        var chosen = new HashSet<int>();
        for (var g = 0; g < classes; g++)
        {
            var members = Enumerable.Range(0, keys.Length).Where(i => labels.OfRow[i] == g).ToList();
            for (var t = 0; t < classes; t++)
            {
                var count = t == g ? 0 : evidence.Joint.Counts[(g * classes) + t];
                if (count == 0)
                {
                    continue;
                }

                foreach (var i in members.OrderByDescending(i => p[(i * classes) + t] - p[(i * classes) + g]).ThenBy(i => keys[i], StringComparer.Ordinal).Take(count))
                {
                    chosen.Add(i);
                }
            }
        }

        // cleanlab drops rows whose most probable class is their label.
        chosen.RemoveWhere(i => p[(i * classes) + evidence.Suggested[i]] <= p[(i * classes) + labels.OfRow[i]]);
        return (chosen.Count(i => planted.Contains(keys[i])), chosen.Count);
    }
}
