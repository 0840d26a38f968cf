using System.Diagnostics;
using LabelBridge.Bench.Embeddings.Domains;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Bench.Embeddings.Runs;

/// <summary>One full embedding run of a domain on a fresh store, timed on the wall clock and in this process's CPU time
/// (on a shared machine the CPU time is the steadier figure: it does not grow while other work holds the cores).</summary>
internal static class Timed
{
    public static async Task<(EmbeddingSet Set, double Seconds, double CpuSeconds)> EmbedAsync(
        BenchDomain domain, string workDirectory, string modelDirectory, string embedder, int batchSize, CancellationToken cancellationToken)
    {
        var store = Path.Combine(workDirectory, "stores", Guid.NewGuid().ToString("N"));
        await using var host = await EmbedderHost.StartAsync(store, modelDirectory, embedder, batchSize, cancellationToken);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var set = await host.Embedder.EmbedAsync(
            new EmbeddingRequest(domain.Name, PlatformKind.Cvat, domain.Items, domain.Annotations, domain.Images, SaveThumbnails: false),
            null,
            cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return (set, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    /// <summary>The set's rows in domain annotation order (every annotation must have a row).</summary>
    public static float[] RowsInOrder(BenchDomain domain, EmbeddingSet set)
    {
        if (set.AnnotationKeys.Count != domain.Annotations.Count)
        {
            throw new InvalidOperationException(
                $"{domain.Name}: {domain.Annotations.Count - set.AnnotationKeys.Count} annotations failed: {string.Join("; ", set.Problems.Take(3))}");
        }

        var at = set.AnnotationKeys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var rows = new float[set.Vectors.Length];
        for (var i = 0; i < domain.Annotations.Count; i++)
        {
            set.Row(at[domain.Annotations[i].Key]).CopyTo(rows.AsSpan(i * set.Dimension, set.Dimension));
        }

        return rows;
    }
}
