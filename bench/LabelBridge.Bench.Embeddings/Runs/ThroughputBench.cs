using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;
using LabelBridge.Embeddings.Models;
using Microsoft.ML.OnnxRuntime;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>Bare ONNX Runtime throughput of the default model (pre-filled input, no images) at batch 1/8/32, against
/// the full pipeline (fetch, decode, crop, batch, infer, cache) on patches of real photos, and a second run over the same project.</summary>
/// <remarks>The machine is shared, so each pipeline run is bracketed by bare runs at the same batch size and compared
/// with their mean.</remarks>
internal static class ThroughputBench
{
    public static async Task<string> RunAsync(BenchDomain photos, string workDirectory, string modelDirectory, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var modelPath = Path.Combine(modelDirectory, "mobilenet_v2_mid.onnx");
        text.AppendLine("| run | batch | patches | seconds | patches/s |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        Row(text, "bare ONNX Runtime (mobilenet_v2_mid, 128 px)", 1, Bare(modelPath, 1, 300));
        var ratios = new List<string>();
        var drift = 1.0;
        var request = new EmbeddingRequest("photos", PlatformKind.Cvat, photos.Items, photos.Annotations, photos.Images, SaveThumbnails: false);
        foreach (var batch in new[] { 8, 16, 32 })
        {
            var before = Row(text, "bare ONNX Runtime (mobilenet_v2_mid, 128 px)", batch, Bare(modelPath, batch, 1024));
            var store = Path.Combine(workDirectory, "stores", "throughput-" + Guid.NewGuid().ToString("N"));
            await using var host = await EmbedderHost.StartAsync(store, modelDirectory, "default-model", batch, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var first = await host.Embedder.EmbedAsync(request, null, cancellationToken);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var pipeline = Row(text, $"full pipeline, first run ({photos.Items.Count} JPEG photos 640×480 → {first.Embedded} patches: decode + crop + infer + SQLite cache)", batch, (first.Embedded, seconds));
            var after = Row(text, "bare ONNX Runtime again, right after", batch, Bare(modelPath, batch, 1024));
            ratios.Add(Invariant($"batch {batch}: **{pipeline / ((before + after) / 2):0.00}×**"));
            drift = Math.Max(drift, Math.Max(before, after) / Math.Min(before, after));

            started = Stopwatch.GetTimestamp();
            var second = await host.Embedder.EmbedAsync(request, null, cancellationToken);
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            text.AppendLine(Invariant($"| full pipeline, second run over the same project | {batch} | {second.Embedded} embedded, {second.CacheHits} cache hits | {seconds:0.0} | — |"));
        }

        text.AppendLine();
        text.AppendLine($"Pipeline / bare at the same batch size (bare = mean of the runs just before and after): {string.Join(", ", ratios)} (target ≥ 0.9×). Both use the same session settings (intra-op threads = cores, no spinning). A second run over the same project embeds 0 patches.");
        text.AppendLine(Invariant($"Bare runs at one batch size, a minute apart, differed by up to {drift:0.00}× on this shared machine: read ratios with that spread in mind."));
        return text.ToString();
    }

    /// <summary>Bare ONNX Runtime and the full pipeline at one batch size, alternating, <paramref name="repeats"/> times: wall
    /// patches/s and this process's CPU ms per patch of each run, and the pipeline's ratio to the mean of the bare runs
    /// around it.</summary>
    public static async Task<string> AlternatingAsync(
        BenchDomain photos, string workDirectory, string modelDirectory, string model, int batch, int repeats, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var modelPath = Path.Combine(modelDirectory, model + ".onnx");
        text.AppendLine("| repeat | bare patches/s | bare CPU ms/patch | pipeline patches/s | pipeline CPU ms/patch | pipeline / bare (wall, bare = mean of the runs around it) | bare / pipeline (CPU per patch) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        // The first item warms the host (model load, JIT, SQLite) and is not measured: bare runs exclude session start too.
        var warm = new EmbeddingRequest("photos", PlatformKind.Cvat, [photos.Items[0]], [.. photos.Annotations.Where(a => a.ItemKey == photos.Items[0].Key)], photos.Images, SaveThumbnails: false);
        var measuredItems = photos.Items.Skip(1).ToList();
        var keys = measuredItems.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var request = new EmbeddingRequest("photos", PlatformKind.Cvat, measuredItems, [.. photos.Annotations.Where(a => keys.Contains(a.ItemKey))], photos.Images, SaveThumbnails: false);
        var previous = BareTimed(modelPath, batch, 1024);
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var store = Path.Combine(workDirectory, "stores", "alternating-" + Guid.NewGuid().ToString("N"));
            (double Rate, double CpuMs) pipeline;
            await using (var host = await EmbedderHost.StartAsync(store, modelDirectory, model, batch, cancellationToken))
            {
                await host.Embedder.EmbedAsync(warm, null, cancellationToken);
                using var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                var first = await host.Embedder.EmbedAsync(request, null, cancellationToken);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                process.Refresh();
                pipeline = (first.Embedded / seconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / first.Embedded);
            }

            Directory.Delete(store, recursive: true);
            var next = BareTimed(modelPath, batch, 1024);
            var bareRate = (previous.Rate + next.Rate) / 2;
            var bareCpu = (previous.CpuMs + next.CpuMs) / 2;
            wall.Add(pipeline.Rate / bareRate);
            cpu.Add(bareCpu / pipeline.CpuMs);
            text.AppendLine(Invariant($"| {r + 1} | {bareRate:0.0} | {bareCpu:0.00} | {pipeline.Rate:0.0} | {pipeline.CpuMs:0.00} | {pipeline.Rate / bareRate:0.00}× | {bareCpu / pipeline.CpuMs:0.00}× |"));
            Console.WriteLine(Invariant($"repeat {r + 1}: bare {bareRate:0.0}/s {bareCpu:0.00} ms, pipeline {pipeline.Rate:0.0}/s {pipeline.CpuMs:0.00} ms"));
            previous = next;
        }

        var sortedWall = wall.Order().ToList();
        var sortedCpu = cpu.Order().ToList();
        text.AppendLine(Invariant($"| **median** | | | | | **{sortedWall[sortedWall.Count / 2]:0.00}×** | **{sortedCpu[sortedCpu.Count / 2]:0.00}×** |"));
        return text.ToString();
    }

    /// <summary>Bare runs timed on the wall clock and in this process's CPU time, session start excluded.</summary>
    internal static (double Rate, double CpuMs) BareTimed(string modelPath, int batch, int patchesWanted)
    {
        using var options = ModelLoader.CreateSessionOptions(0);
        using var session = new InferenceSession(modelPath, options);
        var input = new float[batch * 128 * 128 * 3];
        var random = new Random(1);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.NextSingle();
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, 128, 128, 3]);
        using var runOptions = new RunOptions();
        string[] inputNames = ["input"];
        string[] outputNames = ["embedding"];
        for (var warm = 0; warm < 2; warm++)
        {
            using var _ = session.Run(runOptions, inputNames, [value], outputNames);
        }

        var runs = Math.Max(1, patchesWanted / batch);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var r = 0; r < runs; r++)
        {
            using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return (runs * batch / seconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / (runs * batch));
    }

    private static double Row(StringBuilder text, string run, int batch, (int Patches, double Seconds) measured)
    {
        var rate = measured.Patches / measured.Seconds;
        text.AppendLine(Invariant($"| {run} | {batch} | {measured.Patches} | {measured.Seconds:0.0} | {rate:0.0} |"));
        Console.WriteLine(Invariant($"{run}, batch {batch}: {rate:0.0} patches/s"));
        return rate;
    }

    private static (int Patches, double Seconds) Bare(string modelPath, int batch, int patchesWanted)
    {
        var (rate, _) = BareTimed(modelPath, batch, patchesWanted);
        var patches = Math.Max(1, patchesWanted / batch) * batch;
        return (patches, patches / rate);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
