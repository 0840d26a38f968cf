using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Bench.Analysis;

/// <summary>A 1,000,000-row 64-d set for the approximate kNN bench: Fashion-MNIST's 70,000 images followed by 930,000
/// seeded augmentations of them, all projected with the PCA-64 fitted on the 70,000 originals (the same projection as
/// <c>fmnist-pca64.f32</c>) and L2-normalised. Only the 64-d rows are ever held in full (256 MB).</summary>
internal static class MillionSet
{
    private const int Components = 64;
    private const int Chunk = 10_000;

    /// <summary>Each augmented row takes image (row mod 70,000), shifts it by −2…2 pixels in x and y, mirrors it with
    /// probability ½, scales its contrast by 0.8–1.2 and adds Gaussian pixel noise of σ 0.03, clamped to [0, 1].</summary>
    public static void Write(float[] pixels, int originals, int rows, string path, int seed)
    {
        var clock = Stopwatch.StartNew();
        var pca = Pca.Fit(pixels, originals, FashionMnist.Pixels, Components, seed);
        var random = new Random(seed);
        using var output = File.Create(path);
        var batch = new float[Chunk * FashionMnist.Pixels];
        for (var start = 0; start < rows; start += Chunk)
        {
            var count = Math.Min(Chunk, rows - start);
            for (var r = 0; r < count; r++)
            {
                var row = start + r;
                var source = pixels.AsSpan((row % originals) * FashionMnist.Pixels, FashionMnist.Pixels);
                var target = batch.AsSpan(r * FashionMnist.Pixels, FashionMnist.Pixels);
                if (row < originals)
                {
                    source.CopyTo(target);
                }
                else
                {
                    Augment(source, target, random);
                }
            }

            var projected = pca.Transform(batch, count);
            Representations.NormaliseInPlace(projected, Components);
            var bytes = new byte[projected.Length * 4];
            Buffer.BlockCopy(projected, 0, bytes, 0, bytes.Length);
            output.Write(bytes);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {rows} rows of {Components} floats in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>Exact k nearest neighbours (self excluded) of a seeded sample of rows, for the recall of approximate
    /// searches whose full exact graph would take too long: written as rows of [row, k ids].</summary>
    public static void ExactSample(string path, int dimension, int k, int samples, int seed)
    {
        var vectors = Representations.ReadFloats(path);
        var count = vectors.Length / dimension;
        samples = Math.Min(samples, count);
        var random = new Random(seed);
        var chosen = new HashSet<int>();
        while (chosen.Count < samples)
        {
            chosen.Add(random.Next(count));
        }

        var rows = chosen.Order().ToArray();
        var queries = new float[samples * dimension];
        for (var i = 0; i < samples; i++)
        {
            vectors.AsSpan(rows[i] * dimension, dimension).CopyTo(queries.AsSpan(i * dimension));
        }

        var ids = new int[samples * k];
        var sims = new float[samples * k];
        const int QueryBlock = 64;
        const int BaseBlock = 2048;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, (samples + QueryBlock - 1) / QueryBlock, block =>
        {
            var first = block * QueryBlock;
            var queryCount = Math.Min(QueryBlock, samples - first);
            var dots = new float[QueryBlock * BaseBlock];
            var heaps = new int[queryCount];
            for (var b = 0; b < count; b += BaseBlock)
            {
                var baseCount = Math.Min(BaseBlock, count - b);
                DotKernel.Compute(queries.AsSpan(first * dimension, queryCount * dimension), queryCount, vectors.AsSpan(b * dimension, baseCount * dimension), baseCount, dimension, dots, BaseBlock);
                for (var q = 0; q < queryCount; q++)
                {
                    var heap = new TopK(ids.AsSpan((first + q) * k, k), sims.AsSpan((first + q) * k, k), heaps[q]);
                    var row = rows[first + q];
                    for (var j = 0; j < baseCount; j++)
                    {
                        var sim = dots[(q * BaseBlock) + j];
                        if (sim >= heap.Threshold && b + j != row)
                        {
                            heap.Offer(b + j, sim);
                        }
                    }

                    heaps[q] = heap.Count;
                }
            }

            for (var q = 0; q < queryCount; q++)
            {
                new TopK(ids.AsSpan((first + q) * k, k), sims.AsSpan((first + q) * k, k), heaps[q]).SortDescending();
            }
        });

        var table = new int[samples * (k + 1)];
        for (var i = 0; i < samples; i++)
        {
            table[i * (k + 1)] = rows[i];
            ids.AsSpan(i * k, k).CopyTo(table.AsSpan((i * (k + 1)) + 1));
        }

        var bytes = new byte[table.Length * 4];
        Buffer.BlockCopy(table, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path + $".sample-k{k}.i32", bytes);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact neighbours of {samples} sampled rows of {count} in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    private static void Augment(ReadOnlySpan<float> source, Span<float> target, Random random)
    {
        var dx = random.Next(-2, 3);
        var dy = random.Next(-2, 3);
        var mirror = random.Next(2) == 1;
        var contrast = 0.8f + (0.4f * random.NextSingle());
        const int Side = FashionMnist.Side;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var sx = (mirror ? Side - 1 - x : x) - dx;
                var sy = y - dy;
                var value = sx is >= 0 and < Side && sy is >= 0 and < Side ? source[(sy * Side) + sx] * contrast : 0f;
                value += 0.03f * Gaussian(random);
                target[(y * Side) + x] = Math.Clamp(value, 0f, 1f);
            }
        }
    }

    private static float Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
