using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Storage;
using LabelBridge.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBridge.Bench.Analysis;

/// <summary>"More like this" (issue 17) at sweep scale: how long the first answer takes (the vectors read back from a
/// SQLite embedding cache as the endpoint reads them, the index created, the first query answered by the exact scan
/// while HNSW builds), and how long warm answers take, exact and HNSW, for k = 20 (the page), 50 (the API default) and
/// 1000 (the page's "all at or above similarity s").</summary>
internal static class SimilarBench
{
    private const int LookupChunk = 2_000;
    private const int DefaultExactLimit = 50_000;

    public static async Task RunAsync(string dataDirectory, int rows, int queries, string outDirectory)
    {
        var dimension = FashionMnist.Pixels;
        var vectors = Vectors(dataDirectory, rows);
        var random = new Random(42);
        var queryRows = Enumerable.Range(0, queries).Select(_ => random.Next(rows)).ToArray();
        Console.WriteLine($"Rows: {rows:N0} × {dimension} (Fashion-MNIST 70,000 L2-normalised, the rest seeded jittered copies); {queries} random query rows (seed 42); {Environment.ProcessorCount} cores.");
        Console.WriteLine();

        var (read, lookups) = await CacheReadAsync(vectors, rows, dimension, outDirectory);

        var clock = Stopwatch.StartNew();
        var index = SimilarityIndex.Create(vectors, rows, dimension, DefaultExactLimit, 42);
        var first = index.Nearest(queryRows[0], 50);
        var firstQuery = clock.Elapsed;
        var during = new List<double>();
        for (var q = 1; q < queries && index.Method != "hnsw"; q++)
        {
            during.Add(Time(() => index.Nearest(queryRows[q], 50)));
        }

        await index.WhenApproximateReadyAsync(CancellationToken.None);
        var built = clock.Elapsed;
        Console.WriteLine("| step | rows | method | k | time | notes |");
        Console.WriteLine("|---|---:|---|---:|---:|---|");
        Row("cold: read vectors from the SQLite embedding cache", rows, "", 0, Median(read), $"ReadEmbeddingsIntoAsync, as the endpoint's first call (CachedVectorSource); passes {string.Join(", ", read.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
        Row("cold, before: lookups of 2000 keys into float[] per row", rows, "", 0, Median(lookups), $"GetEmbeddingsAsync, as the endpoint read before; passes {string.Join(", ", lookups.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
        Row("cold: create index + first answer", rows, "exact (hnsw index building)", 50, firstQuery.TotalMilliseconds, $"first answer {first.Count} rows");
        Row("answers while HNSW builds", rows, "exact (hnsw index building)", 50, Median(during), $"median of {during.Count}, max {Max(during):0} ms (the build shares the 2 cores)");
        Row("HNSW build in the background", rows, "hnsw", 0, built.TotalMilliseconds, "M 16, efConstruction 100");

        var exact = SimilarityIndex.Create(vectors, rows, dimension, int.MaxValue, 42);
        foreach (var k in new[] { 20, 50, 1000 })
        {
            var (hnswTimes, recall) = Warm(index, exact, queryRows, k);
            var exactTimes = queryRows.Select(r => Time(() => exact.Nearest(r, k))).ToList();
            Row("warm", rows, "hnsw", k, Median(hnswTimes), $"p95 {Percentile(hnswTimes, 0.95):0.0} ms, max {Max(hnswTimes):0.0} ms, recall@{k} {recall:0.000} vs exact");
            Row("warm", rows, "exact", k, Median(exactTimes), $"p95 {Percentile(exactTimes, 0.95):0.0} ms, max {Max(exactTimes):0.0} ms");
        }
    }

    private static (List<double> Times, double Recall) Warm(SimilarityIndex index, SimilarityIndex exact, int[] queryRows, int k)
    {
        var times = new List<double>(queryRows.Length);
        double hits = 0, total = 0;
        foreach (var row in queryRows)
        {
            IReadOnlyList<SimilarRow> answer = [];
            times.Add(Time(() => answer = index.Nearest(row, k)));
            var truth = exact.Nearest(row, k).Select(r => r.Row).ToHashSet();
            hits += answer.Count(r => truth.Contains(r.Row));
            total += truth.Count;
        }

        return (times, hits / total);
    }

    /// <summary>Fashion-MNIST's 70,000 rows, then seeded jittered copies of them up to <paramref name="rows"/>.</summary>
    private static float[] Vectors(string dataDirectory, int rows)
    {
        var dimension = FashionMnist.Pixels;
        var (pixels, _) = FashionMnist.Load(dataDirectory);
        var source = Representations.Normalised(pixels, dimension);
        var sourceRows = source.Length / dimension;
        var vectors = new float[rows * dimension];
        var random = new Random(7);
        for (var r = 0; r < rows; r++)
        {
            var from = source.AsSpan((r % sourceRows) * dimension, dimension);
            var to = vectors.AsSpan(r * dimension, dimension);
            from.CopyTo(to);
            if (r >= sourceRows)
            {
                for (var d = 0; d < dimension; d++)
                {
                    to[d] += (float)((random.NextDouble() - 0.5) * 0.02);
                }
            }
        }

        Representations.NormaliseInPlace(vectors, dimension);
        return vectors;
    }

    /// <summary>Writes the rows into a fresh SQLite store (not timed), then reads them back as the endpoint does.</summary>
    private static async Task<(List<double> Into, List<double> Lookups)> CacheReadAsync(float[] vectors, int rows, int dimension, string outDirectory)
    {
        var path = Path.Combine(outDirectory, "similar-cache.db");
        foreach (var file in Directory.GetFiles(outDirectory, "similar-cache.db*"))
        {
            File.Delete(file);
        }

        var options = new LabelBridgeOptions();
        options.Store.SqlitePath = path;
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(Options.Create(options));
        collection.AddLabelBridgeStore(options.Store);
        await using var services = collection.BuildServiceProvider();
        var store = services.GetRequiredService<ILabelBridgeStore>();
        await store.InitializeAsync(CancellationToken.None);
        var keys = Enumerable.Range(0, rows).Select(r => $"bench/item-{r}/box-0-0-28-28").ToArray();
        for (var start = 0; start < rows; start += 5_000)
        {
            var batch = new List<StoredEmbedding>();
            for (var r = start; r < Math.Min(rows, start + 5_000); r++)
            {
                batch.Add(new StoredEmbedding(keys[r], vectors.AsSpan(r * dimension, dimension).ToArray()));
            }

            await store.PutEmbeddingsAsync("bench-fingerprint", batch, CancellationToken.None);
        }

        // The new read and the old lookups alternate, three passes each, on the same file and page cache.
        var into = new List<double>();
        var lookups = new List<double>();
        var intoCpu = new List<double>();
        var lookupsCpu = new List<double>();
        for (var pass = 0; pass < 3; pass++)
        {
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            var destination = new float[rows * dimension];
            var found = new bool[rows];
            var count = await store.ReadEmbeddingsIntoAsync("bench-fingerprint", keys, dimension, destination, found, CancellationToken.None);
            into.Add(clock.Elapsed.TotalMilliseconds);
            intoCpu.Add(Cpu() - cpu);
            if (count != rows || !destination.AsSpan().SequenceEqual(vectors.AsSpan(0, rows * dimension)))
            {
                throw new InvalidOperationException($"ReadEmbeddingsIntoAsync read {count} of {rows} rows, or other values than were written.");
            }

            cpu = Cpu();
            clock.Restart();
            var read = new float[rows * dimension];
            for (var start = 0; start < rows; start += LookupChunk)
            {
                var chunk = keys.AsSpan(start, Math.Min(LookupChunk, rows - start)).ToArray();
                var cached = await store.GetEmbeddingsAsync("bench-fingerprint", chunk, CancellationToken.None);
                for (var i = 0; i < chunk.Length; i++)
                {
                    cached[chunk[i]].CopyTo(read, (start + i) * dimension);
                }
            }

            lookups.Add(clock.Elapsed.TotalMilliseconds);
            lookupsCpu.Add(Cpu() - cpu);
        }

        // The floor of any read: a fresh buffer of the same size filled by one copy from memory (no SQLite at all).
        var floor = new List<double>();
        for (var pass = 0; pass < 3; pass++)
        {
            var cpu = Cpu();
            var copy = new float[rows * dimension];
            vectors.AsSpan(0, rows * dimension).CopyTo(copy);
            floor.Add(Cpu() - cpu);
            GC.KeepAlive(copy);
        }

        Console.WriteLine($"Process CPU ms per pass, floor (fresh buffer + one memory copy): {string.Join(", ", floor.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}.");
        Console.WriteLine($"Process CPU ms per pass (all threads): read into one buffer {string.Join(", ", intoCpu.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}; lookups {string.Join(", ", lookupsCpu.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}.");
        return (into, lookups);
    }

    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static void Row(string step, int rows, string method, int k, double milliseconds, string notes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {rows:N0} | {method} | {(k == 0 ? "" : k.ToString(CultureInfo.InvariantCulture))} | {milliseconds:0.0} ms | {notes} |"));
}
