using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Core.Embedding.Models;
using LabelBridge.Embeddings.Calibration;
using LabelBridge.Embeddings.Import.Quantization;
using LabelBridge.Embeddings.Models;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>The default model quantized to int8 QDQ against its float32 original: bare ONNX Runtime patches/s and CPU time
/// (alternating runs), the kernels ONNX Runtime actually runs (profiled), and 10-NN accuracy, label-noise AUROC and
/// full-pipeline patches/s on the labelled domains.</summary>
internal static class Int8Bench
{
    private const string Float = "mobilenet_v2_mid";

    public static async Task<string> RunAsync(
        IReadOnlyList<IReadOnlyList<BenchDomain>> domains, string photoDirectory, string workDirectory, string modelDirectory, int repeats,
        int patches, double percentile, int seed, bool domainCalibration, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var manifest = ModelManifest.Parse(await File.ReadAllBytesAsync(ModelContract.ManifestPath(modelDirectory, Float), cancellationToken))!;
        var images = Directory.EnumerateFiles(photoDirectory).Where(p => p.EndsWith(".png", StringComparison.Ordinal) || p.EndsWith(".jpg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var calibration = CalibrationPatches.Render(images, manifest.Input, patches, 16, seed)
            .Select(b => new CalibrationBatch(b.Values, [b.Count, manifest.Input.Height, manifest.Input.Width, 3])).ToList();
        var variants = new List<(string Name, string Calibration)>();
        foreach (var (method, suffix) in new[] { (CalibrationMethod.Percentile, "_p"), (CalibrationMethod.MinMax, "") }.Where(v => !domainCalibration || v.Item1 == CalibrationMethod.MinMax))
        {
            var started = Stopwatch.GetTimestamp();
            var result = await Int8ModelWriter.WriteAsync(modelDirectory, Float, calibration, new Int8QuantizationOptions(method, percentile), cancellationToken);
            var name = Int8ModelWriter.NameFor(Float) + suffix;
            if (suffix.Length > 0)
            {
                File.Move(result.OnnxPath, ModelContract.OnnxPath(modelDirectory, name), overwrite: true);
                var renamed = ModelManifest.Parse(await File.ReadAllBytesAsync(result.ManifestPath, cancellationToken))! with { Name = name };
                await File.WriteAllBytesAsync(ModelContract.ManifestPath(modelDirectory, name), renamed.ToJsonBytes(), cancellationToken);
                File.Delete(result.ManifestPath);
            }

            var label = method == CalibrationMethod.MinMax ? "min-max" : Invariant($"{percentile}th percentile");
            variants.Add((name, label));
            Console.WriteLine(Invariant($"quantized {name} ({label}) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {new FileInfo(ModelContract.OnnxPath(modelDirectory, name)).Length} bytes"));
        }

        text.AppendLine(Invariant($"Calibration (seed {seed}): {patches} random boxes (10–60% of the shorter side, aspect 1:2–2:1) from the {images.Count} scikit-image sample photos, letterboxed to 128 px as the embedder does; neither bench domain is in it. Weights: symmetric int8 per output channel; activations: uint8 per tensor."));
        text.AppendLine();

        // Which kernels run: ONNX Runtime's profile of one batch, by operator.
        text.AppendLine("| model | file size | operators ONNX Runtime ran (one batch of 32, session optimisation ORT_ENABLE_ALL) |");
        text.AppendLine("|---|---:|---|");
        foreach (var name in new[] { Float }.Concat(variants.Select(v => v.Name)))
        {
            text.AppendLine(Invariant($"| {name} | {new FileInfo(ModelContract.OnnxPath(modelDirectory, name)).Length / 1024.0:0} KiB | {ProfiledOperators(ModelContract.OnnxPath(modelDirectory, name), workDirectory)} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"CPU: {CpuFlags()}."));
        text.AppendLine();

        // Bare ONNX Runtime, alternating float and int8 so both see the same load.
        text.AppendLine("| bare ONNX Runtime, batch 32, 1024 patches | float32 patches/s | int8 patches/s | float32 CPU ms/patch | int8 CPU ms/patch | speed-up (wall) | speed-up (CPU) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var int8 = Int8ModelWriter.NameFor(Float);
        var wallRatios = new List<double>();
        var cpuRatios = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var f = ThroughputBench.BareTimed(ModelContract.OnnxPath(modelDirectory, Float), 32, 1024);
            var q = ThroughputBench.BareTimed(ModelContract.OnnxPath(modelDirectory, int8), 32, 1024);
            wallRatios.Add(q.Rate / f.Rate);
            cpuRatios.Add(f.CpuMs / q.CpuMs);
            text.AppendLine(Invariant($"| repeat {r + 1} | {f.Rate:0.0} | {q.Rate:0.0} | {f.CpuMs:0.00} | {q.CpuMs:0.00} | {q.Rate / f.Rate:0.00}× | {f.CpuMs / q.CpuMs:0.00}× |"));
            Console.WriteLine(Invariant($"bare repeat {r + 1}: float {f.Rate:0.0}/s {f.CpuMs:0.00} ms, int8 {q.Rate:0.0}/s {q.CpuMs:0.00} ms"));
        }

        text.AppendLine(Invariant($"| **median** | | | | | **{Median(wallRatios):0.00}×** | **{Median(cpuRatios):0.00}×** |"));
        text.AppendLine();

        // Quality and full-pipeline rate on the labelled domains.
        text.AppendLine("| domain | model | 10-NN accuracy | label-noise AUROC | Δ accuracy | Δ AUROC | patches/s (full pipeline) | CPU ms/patch |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var labelings in domains)
        {
            var count = labelings[0].Annotations.Count;
            if (domainCalibration)
            {
                // As a user would: `models quantize --images` over the project's own images (no labels are used).
                var own = new List<byte[]>();
                foreach (var item in labelings[0].Items)
                {
                    own.Add((await labelings[0].Images.FetchImageAsync(item, cancellationToken)).Bytes!);
                }

                var ownBatches = CalibrationPatches.Render(own, manifest.Input, patches, 16, seed)
                    .Select(b => new CalibrationBatch(b.Values, [b.Count, manifest.Input.Height, manifest.Input.Width, 3])).ToList();
                await Int8ModelWriter.WriteAsync(modelDirectory, Float, ownBatches, new Int8QuantizationOptions(), cancellationToken);
                variants = [(Int8ModelWriter.NameFor(Float), $"min-max on {patches} patches of the domain's own {own.Count} images")];
            }

            var baseline = new List<(double Accuracy, double Auroc)>();
            foreach (var name in new[] { Float }.Concat(variants.Select(v => v.Name)))
            {
                var (set, seconds, cpuSeconds) = await Timed.EmbedAsync(labelings[0], workDirectory, modelDirectory, name, 32, cancellationToken);
                if (!set.EmbedderDescription.StartsWith(name + " ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Asked for {name}, embedded with '{set.EmbedderDescription}'.");
                }

                var rows = Timed.RowsInOrder(labelings[0], set);
                for (var l = 0; l < labelings.Count; l++)
                {
                    var (accuracy, auroc) = ChoiceBench.Score(labelings[l], rows, set.Dimension);
                    if (name == Float)
                    {
                        baseline.Add((accuracy, auroc));
                    }

                    var delta = name == Float ? "" : Invariant($"{accuracy - baseline[l].Accuracy:+0.000;-0.000;0.000}");
                    var deltaAuroc = name == Float ? "" : Invariant($"{auroc - baseline[l].Auroc:+0.000;-0.000;0.000}");
                    var label = name == Float ? "float32" : $"int8 ({variants.First(v => v.Name == name).Calibration})";
                    text.AppendLine(Invariant($"| {labelings[l].Name} | {label} | {accuracy:0.000} | {auroc:0.000} | {delta} | {deltaAuroc} | {count / seconds:0.0} | {1000 * cpuSeconds / count:0.00} |"));
                    Console.WriteLine(Invariant($"{labelings[l].Name} {name}: acc {accuracy:0.000} auroc {auroc:0.000} {count / seconds:0.0}/s {1000 * cpuSeconds / count:0.00} CPU ms"));
                }
            }
        }

        text.AppendLine();
        return text.ToString();
    }

    /// <summary>The operators ONNX Runtime ran for one batch, with counts, from its profile.</summary>
    private static string ProfiledOperators(string modelPath, string workDirectory)
    {
        using var options = ModelLoader.CreateSessionOptions(0);
        options.EnableProfiling = true;
        options.ProfileOutputPathPrefix = Path.Combine(workDirectory, "profile");
        using var session = new InferenceSession(modelPath, options);
        var input = new float[32 * 128 * 128 * 3];
        using var value = OrtValue.CreateTensorValueFromMemory(input, [32, 128, 128, 3]);
        using var runOptions = new RunOptions();
        using (session.Run(runOptions, ["input"], [value], ["embedding"]))
        {
        }

        var file = session.EndProfiling();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var profile = JsonDocument.Parse(File.ReadAllBytes(file)))
        {
            foreach (var e in profile.RootElement.EnumerateArray())
            {
                if (e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node" && e.TryGetProperty("name", out var n)
                    && n.GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)
                    && e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out var op))
                {
                    counts[op.GetString()!] = counts.GetValueOrDefault(op.GetString()!) + 1;
                }
            }
        }

        File.Delete(file);
        return string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"));
    }

    private static string CpuFlags()
    {
        var flags = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? ""
            : "";
        string[] wanted = ["avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni"];
        var present = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return string.Join(", ", wanted.Select(w => $"{w} {(present.Contains(w) ? "yes" : "no")}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
