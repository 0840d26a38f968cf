using System.Globalization;
using System.Text;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Bench.Embeddings.Metrics;
using LabelBridge.Embeddings.Choice;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Every candidate embedder and <c>auto</c> on labelled domains: 10-NN accuracy against the true labels,
/// AUROC of finding 10% flipped labels, and full-pipeline patches/s.</summary>
internal static class ChoiceBench
{
    private const int K = 10;
    private const double NoiseRate = 0.10;
    private const int Seed = 42;

    /// <summary>Labelings share one set of images: each candidate embeds them once and is scored per labeling.</summary>
    public static async Task<string> RunAsync(
        IReadOnlyList<BenchDomain> labelings, IReadOnlyList<string> candidates, string workDirectory, string modelDirectory, CancellationToken cancellationToken)
    {
        var results = labelings.Select(_ => new List<(string Name, double Accuracy, double Auroc, double Rate)>()).ToList();
        foreach (var candidate in candidates)
        {
            var (set, seconds) = await Timed.EmbedAsync(labelings[0], workDirectory, modelDirectory, candidate, 32, cancellationToken);
            var rows = Timed.RowsInOrder(labelings[0], set);
            for (var l = 0; l < labelings.Count; l++)
            {
                var (accuracy, auroc) = Score(labelings[l], rows, set.Dimension);
                results[l].Add((candidate, accuracy, auroc, labelings[0].Annotations.Count / seconds));
                Console.WriteLine(Invariant($"{labelings[l].Name}: {candidate} acc {accuracy:0.000} auroc {auroc:0.000} ({labelings[0].Annotations.Count / seconds:0} patches/s)"));
            }
        }

        var text = new StringBuilder();
        for (var l = 0; l < labelings.Count; l++)
        {
            var domain = labelings[l];
            var truth = domain.LabelIds();
            var (noisy, _) = LabelNoise.Flip(truth, NoiseRate, Seed);
            var names = domain.Annotations.Select(a => a.Label).Distinct().ToList();
            var seenByAuto = domain.WithLabels(domain.Name, [.. noisy.Select(id => names[id])]);
            var (autoSet, autoSeconds) = await Timed.EmbedAsync(seenByAuto, workDirectory, modelDirectory, "auto", 32, cancellationToken);
            var (autoAccuracy, autoAuroc) = Score(domain, Timed.RowsInOrder(seenByAuto, autoSet), autoSet.Dimension);
            var best = results[l].MaxBy(r => r.Accuracy);
            Console.WriteLine(Invariant($"{domain.Name}: {autoSet.EmbedderDescription}"));

            text.AppendLine(Invariant($"#### {domain.Name} ({domain.Annotations.Count} objects, {names.Count} labels)"));
            text.AppendLine();
            text.AppendLine("| embedder | 10-NN accuracy | label-noise AUROC (10% flipped) | patches/s (full pipeline) |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var r in results[l])
            {
                text.AppendLine(Invariant($"| {r.Name}{(r.Name == best.Name ? " **(best)**" : "")} | {r.Accuracy:0.000} | {r.Auroc:0.000} | {r.Rate:0} |"));
            }

            text.AppendLine(Invariant($"| **auto** → {Chosen(autoSet.EmbedderDescription)} | {autoAccuracy:0.000} | {autoAuroc:0.000} | {domain.Annotations.Count / autoSeconds:0} |"));
            text.AppendLine();
            text.AppendLine(Invariant($"auto vs best: {autoAccuracy - best.Accuracy:+0.000;-0.000;0.000} accuracy (auto saw the 10%-noisy labels). Its record: `{autoSet.EmbedderDescription}`"));
            text.AppendLine();
        }

        return text.ToString();
    }

    private static (double Accuracy, double Auroc) Score(BenchDomain domain, float[] rows, int dimension)
    {
        var truth = domain.LabelIds();
        var (noisy, flipped) = LabelNoise.Flip(truth, NoiseRate, Seed);
        return (KnnAgreement.Score(rows, dimension, truth, K), LabelNoise.Auroc(rows, dimension, noisy, flipped, K));
    }

    private static string Chosen(string description)
    {
        var start = "auto: ".Length;
        var end = description.IndexOf(' ', start);
        return description[start..(end < 0 ? description.Length : end)].TrimEnd(',');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
