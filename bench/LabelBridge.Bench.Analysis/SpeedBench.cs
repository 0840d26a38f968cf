using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Bench.Analysis;

/// <summary>The C# side of the speed table; each verb is a separate process so its memory peak is its own.</summary>
internal static class SpeedBench
{
    /// <summary>Writes the 784-d and PCA-64 L2-normalised vectors for every tool to read.</summary>
    public static void Prepare(float[] pixels, int count, string outDirectory)
    {
        Representations.WriteFloats(Path.Combine(outDirectory, "fmnist-784.f32"), Representations.Normalised(pixels, FashionMnist.Pixels));
        var clock = Stopwatch.StartNew();
        var pca = Representations.PcaNormalised(pixels, count, FashionMnist.Pixels, 64, 42);
        Print("PCA 784→64", $"{count} rows", "LabelBridge PCA (covariance + subspace iteration)", clock.Elapsed, "");
        Representations.WriteFloats(Path.Combine(outDirectory, "fmnist-pca64.f32"), pca);
    }

    /// <summary>Exact kNN graph; writes its ids for the recall of the approximate searches.</summary>
    public static void Exact(string path, int dimension, int k)
    {
        var vectors = Representations.ReadFloats(path);
        var count = vectors.Length / dimension;
        var clock = Stopwatch.StartNew();
        var graph = ExactKnn.Build(vectors, count, dimension, k);
        Print($"kNN graph k={k}", Path.GetFileName(path), $"LabelBridge exact (blocked SIMD, {Environment.ProcessorCount} threads)", clock.Elapsed, "recall 1.0000");
        var bytes = new byte[graph.Indices.Length * 4];
        Buffer.BlockCopy(graph.Indices, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path + $".exact-k{k}.i32", bytes);
    }

    public static void Approximate(string path, int dimension, int k)
    {
        var vectors = Representations.ReadFloats(path);
        var count = vectors.Length / dimension;
        var clock = Stopwatch.StartNew();
        var alloc0 = GC.GetTotalAllocatedBytes();
        var cpu0 = Environment.CpuUsage.TotalTime;
        var built = Hnsw.Build(vectors, count, dimension, m: 16, efConstruction: 100, seed: 42);
        var buildTime = clock.Elapsed;
        var buildCpu = Environment.CpuUsage.TotalTime - cpu0;
        var buildAllocated = GC.GetTotalAllocatedBytes() - alloc0;
        var graph = built.Neighbours(k, ef: 64);
        var elapsed = clock.Elapsed;
        Console.Error.WriteLine($"build {buildTime.TotalSeconds:0.00} s wall {buildCpu.TotalSeconds:0.00} s CPU, query {(elapsed - buildTime).TotalSeconds:0.00} s wall {(Environment.CpuUsage.TotalTime - cpu0 - buildCpu).TotalSeconds:0.00} s CPU, allocated {buildAllocated / 1e9:0.00} GB in the build, {(GC.GetTotalAllocatedBytes() - alloc0 - buildAllocated) / 1e9:0.00} GB in the query, gc0 {GC.CollectionCount(0)} gc2 {GC.CollectionCount(2)}");
        var exactPath = path + $".exact-k{k}.i32";
        var samplePath = path + $".sample-k{k}.i32";
        var recall = File.Exists(exactPath) ? Recall(graph, Representations.ReadInts(exactPath), k)
            : File.Exists(samplePath) ? SampleRecall(graph, Representations.ReadInts(samplePath), k) : double.NaN;
        Print($"kNN graph k={k}", Path.GetFileName(path), "LabelBridge HNSW M=16 efC=100 ef=64 (build + query)", elapsed, $"recall {recall:0.0000}");
    }

    /// <summary>The plot pipeline: PCA-64, exact kNN (k=15), UMAP; trustworthiness against the 784-d vectors.</summary>
    public static void Umap(string path, int rows, string layoutPath)
    {
        var all = Representations.ReadFloats(path);
        var dimension = FashionMnist.Pixels;
        var count = Math.Min(rows, all.Length / dimension);
        var vectors = all.AsSpan(0, count * dimension).ToArray();
        var clock = Stopwatch.StartNew();
        var pca = Pca.Fit(vectors, count, dimension, 64, 42);
        var reduced = pca.Transform(vectors, count);
        Representations.NormaliseInPlace(reduced, 64);
        var graph = ExactKnn.Build(reduced, count, 64, 15);
        var initial = Pca.Fit(reduced, count, 64, 2, 42).Transform(reduced, count);
        var largest = initial.Max(MathF.Abs);
        for (var i = 0; i < initial.Length; i++)
        {
            initial[i] *= 10f / largest;
        }

        var prepared = clock.Elapsed;
        // UMAP_EPOCHS: a fixed epoch count instead of the one the analysis would choose for this many rows.
        var epochs = int.TryParse(Environment.GetEnvironmentVariable("UMAP_EPOCHS"), CultureInfo.InvariantCulture, out var asked)
            ? asked
            : LabelBridge.Analysis.Projection.Umap.EpochsFor(count);
        var layout = LabelBridge.Analysis.Projection.Umap.Layout(graph, initial, epochs, int.Parse(Environment.GetEnvironmentVariable("UMAP_SEED") ?? "42", CultureInfo.InvariantCulture));
        var elapsed = clock.Elapsed;
        Console.Error.WriteLine($"umap {count}, {epochs} epochs: PCA + kNN + init {prepared.TotalSeconds:0.0} s, layout {(elapsed - prepared).TotalSeconds:0.0} s");
        Representations.WriteFloats(layoutPath, layout);
        var trust = Trustworthiness.OnSample(vectors, dimension, layout, count, 15, 2000, 42);
        Print("UMAP 2D", $"{count} rows", "LabelBridge (PCA-64 → exact kNN k=15 → UMAP, PCA init)", elapsed, Trust(trust));
    }

    /// <summary>Trustworthiness of a layout written by another tool, on the same sample as ours.</summary>
    public static void TrustOf(string path, string layoutPath, string tool, string seconds)
    {
        var layout = Representations.ReadFloats(layoutPath);
        var count = layout.Length / 2;
        var vectors = Representations.ReadFloats(path).AsSpan(0, count * FashionMnist.Pixels).ToArray();
        var trust = Trustworthiness.OnSample(vectors, FashionMnist.Pixels, layout, count, 15, 2000, 42);
        Print("UMAP 2D", $"{count} rows", tool, TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), Trust(trust));
    }

    private static string Trust(double trust) => string.Create(CultureInfo.InvariantCulture, $"trustworthiness@15 {trust:0.000}");

    private static double Recall(KnnGraph graph, int[] exact, int k)
    {
        var hits = 0L;
        for (var i = 0; i < graph.Count; i++)
        {
            var truth = exact.AsSpan(i * k, k);
            foreach (var id in graph.NeighboursOf(i))
            {
                hits += truth.Contains(id) ? 1 : 0;
            }
        }

        return (double)hits / exact.Length;
    }

    /// <summary>Recall on the rows of an <c>exact-sample</c> table: rows of [row, k exact ids].</summary>
    private static double SampleRecall(KnnGraph graph, int[] table, int k)
    {
        var hits = 0L;
        var samples = table.Length / (k + 1);
        for (var s = 0; s < samples; s++)
        {
            var truth = table.AsSpan((s * (k + 1)) + 1, k);
            foreach (var id in graph.NeighboursOf(table[s * (k + 1)]))
            {
                hits += truth.Contains(id) ? 1 : 0;
            }
        }

        return (double)hits / (samples * k);
    }

    private static void Print(string task, string data, string tool, TimeSpan elapsed, string quality) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {task} | {data} | {tool} | {elapsed.TotalSeconds:0.0} s | {quality} |"));
}
