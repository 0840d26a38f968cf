using System.Globalization;
using LabelBridge.Analysis;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Bench.Analysis;

/// <summary>Replays the analysis of one swept population (vectors, keys, labels as the sweep analysed them) and
/// scores the findings against the planted errors: markers (one per box), precision, recall.</summary>
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
    }
}
