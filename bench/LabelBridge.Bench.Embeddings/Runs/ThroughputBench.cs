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
internal static class ThroughputBench
{
    public static async Task<string> RunAsync(
        BenchDomain photos, string workDirectory, string modelDirectory, int pipelineBatch, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var modelPath = Path.Combine(modelDirectory, "mobilenet_v2_mid.onnx");
        text.AppendLine("| run | batch | patches | seconds | patches/s |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        var bare = new Dictionary<int, double>();
        foreach (var batch in new[] { 1, 8, 32 })
        {
            var (patches, seconds) = Bare(modelPath, batch, patchesWanted: batch == 1 ? 300 : 1024);
            bare[batch] = patches / seconds;
            text.AppendLine(Invariant($"| bare ONNX Runtime (mobilenet_v2_mid, 128 px) | {batch} | {patches} | {seconds:0.0} | {bare[batch]:0.0} |"));
            Console.WriteLine(Invariant($"bare batch {batch}: {bare[batch]:0.0} patches/s"));
        }

        var store = Path.Combine(workDirectory, "stores", "throughput-" + Guid.NewGuid().ToString("N"));
        await using var host = await EmbedderHost.StartAsync(store, modelDirectory, "default-model", pipelineBatch, cancellationToken);
        var request = new EmbeddingRequest("photos", PlatformKind.Cvat, photos.Items, photos.Annotations, photos.Images, SaveThumbnails: false);
        var started = Stopwatch.GetTimestamp();
        var first = await host.Embedder.EmbedAsync(request, null, cancellationToken);
        var firstSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var pipelineRate = first.Embedded / firstSeconds;
        text.AppendLine(Invariant($"| full pipeline, first run ({photos.Items.Count} JPEG photos 640×480, decode + crop + infer + SQLite cache) | {pipelineBatch} | {first.Embedded} | {firstSeconds:0.0} | {pipelineRate:0.0} |"));
        Console.WriteLine(Invariant($"pipeline: {first.Embedded} embedded in {firstSeconds:0.0}s = {pipelineRate:0.0}/s, problems {first.Problems.Count}"));

        var (againPatches, againSeconds) = Bare(modelPath, pipelineBatch, patchesWanted: 1024);
        var bareAfter = againPatches / againSeconds;
        text.AppendLine(Invariant($"| bare ONNX Runtime again, right after the pipeline | {pipelineBatch} | {againPatches} | {againSeconds:0.0} | {bareAfter:0.0} |"));
        Console.WriteLine(Invariant($"bare batch {pipelineBatch} after: {bareAfter:0.0} patches/s"));

        started = Stopwatch.GetTimestamp();
        var second = await host.Embedder.EmbedAsync(request, null, cancellationToken);
        var secondSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        text.AppendLine(Invariant($"| full pipeline, second run over the same project | {pipelineBatch} | {second.Embedded} embedded, {second.CacheHits} cache hits | {secondSeconds:0.0} | — |"));
        text.AppendLine();
        var reference = (bare[pipelineBatch] + bareAfter) / 2;
        text.AppendLine(Invariant($"Pipeline / bare at batch {pipelineBatch} (bare = mean of the runs before and after the pipeline): **{pipelineRate / reference:0.00}×** (target ≥ 0.9×). Second run embedded {second.Embedded} patches. Both use the same session settings (intra-op threads = cores, no spinning)."));
        return text.ToString();
    }

    private static (int Patches, double Seconds) Bare(string modelPath, int batch, int patchesWanted)
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
        var started = Stopwatch.GetTimestamp();
        for (var r = 0; r < runs; r++)
        {
            using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
        }

        return (runs * batch, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
