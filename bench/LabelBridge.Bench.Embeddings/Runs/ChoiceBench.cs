using System.Globalization;
using System.Text;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Bench.Embeddings.Metrics;
using LabelBridge.Embeddings.Choice;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Every candidate embedder and <c>auto</c> on labelled domains: 10-NN accuracy against the true labels,
/// AUROC of finding 10% flipped labels, full-pipeline patches/s and CPU milliseconds per patch.</summary>
internal static class ChoiceBench
{
    private const int K = 10;
    private const double NoiseRate = 0.10;
    private const int Seed = 42;

    /// <summary>Labelings share one set of images: each candidate embeds them once and is scored per labeling.</summary>
    public static async Task<string> RunAsync(
        IReadOnlyList<BenchDomain> labelings, IReadOnlyList<string> candidates, string workDirectory, string modelDirectory, CancellationToken cancellationToken)
    {
        var results = labelings.Select(_ => new List<(string Name, double Accuracy, double Auroc, double Rate, double CpuMs)>()).ToList();
        var pixel = (Rows: Array.Empty<float>(), Dimension: 0, Rate: 0.0, CpuMs: 0.0);
        var count = labelings[0].Annotations.Count;
        foreach (var candidate in candidates)
        {
            var (set, seconds, cpuSeconds) = await Timed.EmbedAsync(labelings[0], workDirectory, modelDirectory, candidate, 32, cancellationToken);
            var rows = Timed.RowsInOrder(labelings[0], set);
            var rate = count / seconds;
            var cpuMs = 1000 * cpuSeconds / count;
            Add(candidate, rows, set.Dimension, rate, cpuMs);
            if (candidate == "pixel")
            {
                pixel = (rows, set.Dimension, rate, cpuMs);
            }
            else
            {
                Add($"pixel+{candidate}", Combine(pixel.Rows, pixel.Dimension, rows, set.Dimension), pixel.Dimension + set.Dimension,
                    1 / ((1 / pixel.Rate) + (1 / rate)), pixel.CpuMs + cpuMs);
            }
        }

        void Add(string name, float[] rows, int dimension, double rate, double cpuMs)
        {
            for (var l = 0; l < labelings.Count; l++)
            {
                var (accuracy, auroc) = Score(labelings[l], rows, dimension);
                results[l].Add((name, accuracy, auroc, rate, cpuMs));
                Console.WriteLine(Invariant($"{labelings[l].Name}: {name} acc {accuracy:0.000} auroc {auroc:0.000} ({rate:0.0} patches/s, {cpuMs:0.0} CPU ms/patch)"));
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
            var (autoSet, autoSeconds, autoCpuSeconds) = await Timed.EmbedAsync(seenByAuto, workDirectory, modelDirectory, "auto", 32, cancellationToken);
            var (autoAccuracy, autoAuroc) = Score(domain, Timed.RowsInOrder(seenByAuto, autoSet), autoSet.Dimension);
            var best = results[l].MaxBy(r => r.Accuracy);
            Console.WriteLine(Invariant($"{domain.Name}: {autoSet.EmbedderDescription}"));

            text.AppendLine(Invariant($"#### {domain.Name} ({domain.Annotations.Count} objects, {names.Count} labels)"));
            text.AppendLine();
            text.AppendLine("| embedder | 10-NN accuracy | label-noise AUROC (10% flipped) | patches/s (full pipeline) | CPU ms/patch |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var r in results[l])
            {
                text.AppendLine(Invariant($"| {r.Name}{(r.Name == best.Name ? " **(best)**" : "")} | {r.Accuracy:0.000} | {r.Auroc:0.000} | {r.Rate:0.0} | {r.CpuMs:0.0} |"));
            }

            text.AppendLine(Invariant($"| **auto** → {Chosen(autoSet.EmbedderDescription)} | {autoAccuracy:0.000} | {autoAuroc:0.000} | {domain.Annotations.Count / autoSeconds:0.0} | {1000 * autoCpuSeconds / domain.Annotations.Count:0.0} |"));
            text.AppendLine();
            text.AppendLine(Invariant($"auto vs best: {autoAccuracy - best.Accuracy:+0.000;-0.000;0.000} accuracy (auto saw the 10%-noisy labels). Its record: `{autoSet.EmbedderDescription}`"));
            text.AppendLine();
        }

        return text.ToString();
    }

    internal static (double Accuracy, double Auroc) Score(BenchDomain domain, float[] rows, int dimension)
    {
        var truth = domain.LabelIds();
        var (noisy, flipped) = LabelNoise.Flip(truth, NoiseRate, Seed);
        return (KnnAgreement.Score(rows, dimension, truth, K), LabelNoise.Auroc(rows, dimension, noisy, flipped, K));
    }

    /// <summary>The combination the embedder builds: both unit rows side by side, each scaled by 1/√2.</summary>
    private static float[] Combine(float[] first, int firstDimension, float[] second, int secondDimension)
    {
        var n = first.Length / firstDimension;
        var scale = 1 / MathF.Sqrt(2);
        var rows = new float[n * (firstDimension + secondDimension)];
        for (var i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * (firstDimension + secondDimension));
            System.Numerics.Tensors.TensorPrimitives.Multiply(first.AsSpan(i * firstDimension, firstDimension), scale, row[..firstDimension]);
            System.Numerics.Tensors.TensorPrimitives.Multiply(second.AsSpan(i * secondDimension, secondDimension), scale, row.Slice(firstDimension, secondDimension));
        }

        return rows;
    }

    private static string Chosen(string description)
    {
        var start = "auto: ".Length;
        var end = description.IndexOf(' ', start);
        return description[start..(end < 0 ? description.Length : end)].TrimEnd(',');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
