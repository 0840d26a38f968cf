using System.Diagnostics;
using System.Globalization;
using LabelBridge.Analysis.Scoring;

namespace LabelBridge.Bench.Analysis;

/// <summary>Wall and CPU time of the out-of-fold classifier (5 folds) on N seeded Gaussian-cluster rows of D
/// dimensions, 10 classes, 5% of labels flipped: the speed row (100,000 × 816 under 60 s).</summary>
internal static class ClassifierSpeed
{
    public static void Run(int count, int dimension)
    {
        const int classes = 10;
        var random = new Random(42);
        var centres = new float[classes * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var vectors = new float[count * dimension];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var c = random.Next(classes);
            labels[i] = random.NextDouble() < 0.05 ? random.Next(classes) : c;
            for (var d = 0; d < dimension; d++)
            {
                vectors[(i * dimension) + d] = centres[(c * dimension) + d] + (float)(3 * ((random.NextDouble() * 2) - 1));
            }
        }

        foreach (var (name, predict) in new (string, Func<float[]>)[]
        {
            ("out-of-fold logistic regression, 5 folds", () => OutOfFoldClassifier.Predict(vectors, count, dimension, labels, classes, new ClassifierOptions())),
            ("out-of-fold network (64 ReLU, work ≤ 4× regression), 5 folds", () => OutOfFoldNetwork.Predict(vectors, count, dimension, labels, classes, new ClassifierOptions(), new NetworkOptions())),
        })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var probabilities = predict();
            var wall = clock.Elapsed;
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var agree = 0;
            for (var i = 0; i < count; i++)
            {
                agree += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities.AsSpan(i * classes, classes)) == labels[i] ? 1 : 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {count:N0} × {dimension} | {wall.TotalSeconds:0.0} s wall | {used.TotalSeconds:0.0} s CPU | out-of-fold agreement with given labels {(double)agree / count:0.000} |"));
        }
    }
}
