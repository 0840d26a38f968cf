using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using LabelBridge.Analysis;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Bench.Analysis;

/// <summary>Issue #14 item 1, "a one-hidden-layer network if it measures better": out-of-fold probabilities from a
/// ReLU network with one hidden layer (TensorPrimitives, mini-batch Adam, L2, standardised inputs), on the same
/// stratified folds as the shipped softmax regression, compared with it on the same rows and noise.</summary>
/// <remarks>Bench only: it is shipped only if it measures better (bench/RESULTS.md).</remarks>
internal static class HiddenLayerNetwork
{
    public const int Hidden = 128;

    /// <summary>Fashion-MNIST rows with injected noise: AUROC and precision at recall 0.8 of 1 − p(given), both trainers.</summary>
    public static void CompareOnNoise(string name, float[] vectors, int dimension, int[] clean)
    {
        const int classes = 10;
        foreach (var (noise, (labels, flipped)) in new[]
        {
            ("10% symmetric", Noise.Symmetric(clean, 0.1, classes, 42)),
            ("10% confusable pairs", Noise.BetweenConfusable(clean, 0.1, 42)),
        })
        {
            ClassifierComparison.Report(name, noise, "softmax regression (shipped)", labels, flipped, classes,
                () => OutOfFoldClassifier.Predict(vectors, labels.Length, dimension, labels, classes, new ClassifierOptions()));
            foreach (var (trainer, network) in Variants())
            {
                ClassifierComparison.Report(name, noise, trainer, labels, flipped, classes,
                    () => OutOfFoldNetwork.Predict(vectors, labels.Length, dimension, labels, classes, new ClassifierOptions(), network));
            }
        }
    }

    /// <summary>Swept scene populations (stem=planted.tsv): average precision of the ranking against the planted errors,
    /// classifier alone and combined with the kNN shares (the scorer a sweep mostly chooses), both trainers.</summary>
    public static void CompareOnScenes(IEnumerable<string> pairs)
    {
        Console.WriteLine("| population | trainer | AP classifier alone | AP combined with kNN shares | AUROC combined | CPU s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            var lines = File.ReadAllLines(parts[0] + ".tsv");
            var keys = lines.Select(l => l.Split('\t')[0]).ToArray();
            var dimension = int.Parse(lines[0].Split('\t')[2], CultureInfo.InvariantCulture);
            var planted = File.ReadAllLines(parts[1]).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
            var input = new AnalysisInput(dimension, Representations.ReadFloats(parts[0] + ".f32"), keys, lines.Select(l => l.Split('\t')[1]).ToArray(), []);
            var thresholds = new AnalysisThresholds();
            var rows = PreparedRows.From(input);
            var graph = KnnSearch.Build(rows.Vectors, rows.Count, rows.Dimension, thresholds.NeighbourCount, thresholds.ExactSearchLimit, thresholds.Seed, thresholds.NeighbourCount);
            var labels = LabelIndex.From(input.Labels, rows.SourceRows);
            var isPlanted = rows.SourceRows.Select(r => planted.Contains(keys[r])).ToArray();
            var knn = MislabelScorer.Default.Shares(graph, labels);
            foreach (var (trainer, predict) in new (string, Func<float[]>)[]
            {
                ("softmax regression (shipped)", () => OutOfFoldClassifier.Predict(rows.Vectors, rows.Count, rows.Dimension, labels.OfRow, labels.Count, new ClassifierOptions())),
            }.Concat(Variants().Select(v => (v.Trainer, (Func<float[]>)(() => OutOfFoldNetwork.Predict(rows.Vectors, rows.Count, rows.Dimension, labels.OfRow, labels.Count, new ClassifierOptions(), v.Options))))))
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var p = predict();
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var combined = new float[p.Length];
                TensorPrimitives.Add(p, knn, combined);
                TensorPrimitives.Multiply(combined, 0.5f, combined);
                var alone = ConfidentLearning.Rank(p, labels.OfRow, labels.Count, MislabelRanking.SelfConfidence).Score;
                var both = ConfidentLearning.Rank(combined, labels.OfRow, labels.Count, MislabelRanking.SelfConfidence).Score;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(parts[0])} | {trainer} | {RankingQuality.AveragePrecision(alone, isPlanted):0.000} | {RankingQuality.AveragePrecision(both, isPlanted):0.000} | {RankingQuality.Auroc(both, isPlanted):0.000} | {used.TotalSeconds:0.0} |"));
            }
        }
    }

    /// <summary>The shipped network (<see cref="OutOfFoldNetwork"/>) at its default and at the widths and work bounds
    /// it was chosen from; NETWORK_VARIANTS=default runs only the default.</summary>
    internal static IEnumerable<(string Trainer, NetworkOptions Options)> Variants()
    {
        yield return ("network 64 ReLU, work ≤ 4× regression (shipped)", new NetworkOptions());
        if (Environment.GetEnvironmentVariable("NETWORK_VARIANTS") == "default")
        {
            yield break;
        }

        yield return ("network 32 ReLU, work ≤ 4×", new NetworkOptions(Hidden: 32));
        yield return ("network 64 ReLU, work ≤ 2×", new NetworkOptions(WorkMultiple: 2));
        yield return ("network 128 ReLU, work ≤ 4×", new NetworkOptions(Hidden: 128));
        yield return ("network 128 ReLU, 20 epochs unbounded", new NetworkOptions(Hidden: 128, WorkMultiple: double.PositiveInfinity));
    }

    /// <summary>N×C out-of-fold probabilities; folds as the shipped classifier's, trained in parallel, each single-threaded.</summary>
    public static float[] Predict(float[] vectors, int count, int dimension, int[] labels, int classes, int folds, int seed,
        int epochs = 20, int minSteps = 600, int batch = 64, float rate = 0.003f, float l2 = 1e-3f)
    {
        var standardised = Standardise(vectors, count, dimension);
        var fold = OutOfFoldClassifier.StratifiedFolds(labels, classes, folds, seed);
        var probabilities = new float[count * classes];
        Parallel.For(0, folds, f =>
        {
            var train = Enumerable.Range(0, count).Where(i => fold[i] != f).ToArray();
            var net = new Network(dimension, Hidden, classes, seed + f);
            net.Train(standardised, train, labels, epochs, minSteps, batch, rate, l2, seed + (31 * (f + 1)));
            var hidden = new float[Hidden];
            for (var i = 0; i < count; i++)
            {
                if (fold[i] == f)
                {
                    net.Forward(standardised.AsSpan(i * dimension, dimension), hidden, probabilities.AsSpan(i * classes, classes));
                }
            }
        });

        return probabilities;
    }

    private static float[] Standardise(float[] vectors, int count, int dimension)
    {
        var result = (float[])vectors.Clone();
        for (var d = 0; d < dimension; d++)
        {
            double sum = 0, squares = 0;
            for (var i = 0; i < count; i++)
            {
                sum += vectors[(i * dimension) + d];
                squares += (double)vectors[(i * dimension) + d] * vectors[(i * dimension) + d];
            }

            var mean = sum / count;
            var variance = Math.Max(0, (squares / count) - (mean * mean));
            var scale = variance > 1e-12 ? 1 / Math.Sqrt(variance) : 1;
            for (var i = 0; i < count; i++)
            {
                result[(i * dimension) + d] = (float)((vectors[(i * dimension) + d] - mean) * scale);
            }
        }

        return result;
    }

    private sealed class Network
    {
        private readonly int _d;
        private readonly int _h;
        private readonly int _c;
        private readonly float[] _w1;
        private readonly float[] _b1;
        private readonly float[] _w2;
        private readonly float[] _b2;

        public Network(int d, int h, int c, int seed)
        {
            _d = d;
            _h = h;
            _c = c;
            var random = new Random(seed);
            _w1 = new float[h * d];
            _b1 = new float[h];
            _w2 = new float[c * h];
            _b2 = new float[c];
            var s1 = MathF.Sqrt(2f / d);
            var s2 = MathF.Sqrt(1f / h);
            for (var i = 0; i < _w1.Length; i++)
            {
                _w1[i] = s1 * Gaussian(random);
            }

            for (var i = 0; i < _w2.Length; i++)
            {
                _w2[i] = s2 * Gaussian(random);
            }
        }

        public void Forward(ReadOnlySpan<float> x, Span<float> hidden, Span<float> output)
        {
            for (var j = 0; j < _h; j++)
            {
                hidden[j] = MathF.Max(0, TensorPrimitives.Dot(x, _w1.AsSpan(j * _d, _d)) + _b1[j]);
            }

            for (var c = 0; c < _c; c++)
            {
                output[c] = TensorPrimitives.Dot(hidden, _w2.AsSpan(c * _h, _h)) + _b2[c];
            }

            var max = TensorPrimitives.Max(output);
            TensorPrimitives.Subtract(output, max, output);
            TensorPrimitives.Exp(output, output);
            TensorPrimitives.Divide(output, TensorPrimitives.Sum(output), output);
        }

        public void Train(float[] x, int[] rows, int[] labels, int epochs, int minSteps, int batch, float rate, float l2, int seed)
        {
            var random = new Random(seed);
            batch = Math.Max(1, Math.Min(batch, rows.Length));
            var steps = Math.Max(minSteps, epochs * ((rows.Length + batch - 1) / batch));
            var g1 = new float[_w1.Length];
            var gb1 = new float[_h];
            var g2 = new float[_w2.Length];
            var gb2 = new float[_c];
            var m1 = new float[_w1.Length];
            var v1 = new float[_w1.Length];
            var mb1 = new float[_h];
            var vb1 = new float[_h];
            var m2 = new float[_w2.Length];
            var v2 = new float[_w2.Length];
            var mb2 = new float[_c];
            var vb2 = new float[_c];
            var hidden = new float[_h];
            var output = new float[_c];
            var delta = new float[_h];
            var scratch = new float[Math.Max(_w1.Length, _w2.Length)];
            var position = rows.Length;
            for (var step = 1; step <= steps; step++)
            {
                Array.Clear(g1);
                Array.Clear(gb1);
                Array.Clear(g2);
                Array.Clear(gb2);
                for (var b = 0; b < batch; b++)
                {
                    if (position == rows.Length)
                    {
                        random.Shuffle(rows);
                        position = 0;
                    }

                    var row = rows[position++];
                    var xi = x.AsSpan(row * _d, _d);
                    Forward(xi, hidden, output);
                    output[labels[row]] -= 1f;
                    Array.Clear(delta);
                    for (var c = 0; c < _c; c++)
                    {
                        TensorPrimitives.MultiplyAdd(hidden, output[c], g2.AsSpan(c * _h, _h), g2.AsSpan(c * _h, _h));
                        gb2[c] += output[c];
                        TensorPrimitives.MultiplyAdd(_w2.AsSpan(c * _h, _h), output[c], delta, delta);
                    }

                    for (var j = 0; j < _h; j++)
                    {
                        if (hidden[j] <= 0)
                        {
                            continue;
                        }

                        TensorPrimitives.MultiplyAdd(xi, delta[j], g1.AsSpan(j * _d, _d), g1.AsSpan(j * _d, _d));
                        gb1[j] += delta[j];
                    }
                }

                var lr = rate * (1f - ((step - 1f) / steps));
                var c1 = 1f - MathF.Pow(0.9f, step);
                var c2 = 1f - MathF.Pow(0.999f, step);
                TensorPrimitives.Multiply(g1, 1f / batch, g1);
                TensorPrimitives.MultiplyAdd(_w1, l2, g1, g1);
                TensorPrimitives.Multiply(g2, 1f / batch, g2);
                TensorPrimitives.MultiplyAdd(_w2, l2, g2, g2);
                TensorPrimitives.Multiply(gb1, 1f / batch, gb1);
                TensorPrimitives.Multiply(gb2, 1f / batch, gb2);
                Adam(g1, _w1, m1, v1, lr, c1, c2, scratch);
                Adam(gb1, _b1, mb1, vb1, lr, c1, c2, scratch);
                Adam(g2, _w2, m2, v2, lr, c1, c2, scratch);
                Adam(gb2, _b2, mb2, vb2, lr, c1, c2, scratch);
            }
        }

        private static void Adam(Span<float> g, Span<float> w, Span<float> m, Span<float> v, float rate, float c1, float c2, float[] scratch)
        {
            var t = scratch.AsSpan(0, g.Length);
            TensorPrimitives.Multiply(m, 0.9f, m);
            TensorPrimitives.MultiplyAdd(g, 0.1f, m, m);
            TensorPrimitives.Multiply(g, g, t);
            TensorPrimitives.Multiply(v, 0.999f, v);
            TensorPrimitives.MultiplyAdd(t, 0.001f, v, v);
            TensorPrimitives.Multiply(v, 1f / c2, t);
            TensorPrimitives.Sqrt(t, t);
            TensorPrimitives.Add(t, 1e-8f, t);
            TensorPrimitives.Divide(m, t, t);
            TensorPrimitives.MultiplyAdd(t, -rate / c1, w, w);
        }

        private static float Gaussian(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}
