using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Out-of-fold class probabilities from a network with one hidden layer of ReLU units, on the same
/// stratified folds as <see cref="OutOfFoldClassifier"/>: a candidate of the mislabel scorer trial.</summary>
/// <remarks>The network ranks label errors better than the softmax regression on most populations measured (it can
/// follow a class that is several clusters) but costs more per row, so its schedule is bounded by the regression's:
/// beyond a fixed minimum of steps, the rows it trains on per fold (steps × batch) are chosen so that its
/// multiply-adds are at most <see cref="NetworkOptions.WorkMultiple"/> times the regression's on the same rows and
/// dimension, and never more than <see cref="NetworkOptions.Epochs"/> passes. A small project gets its full epochs
/// (the regression's own minimum of steps dominates there); a large one gets fewer epochs, so the cost grows with rows × dimension as the
/// regression's does (bench/RESULTS.md). Each fold trains single-threaded with a fixed row order and seeded
/// weights; folds run in parallel writing disjoint rows, so the result is the same on any thread count. Inputs are
/// standardised by folding mean and spread into the first layer, as the regression does, so the N×D rows are
/// never copied.</remarks>
internal static class OutOfFoldNetwork
{
    /// <summary>N×C out-of-fold probabilities, row-major, classes in label id order.</summary>
    /// <param name="vectors">N×D rows.</param>
    /// <param name="count">N.</param>
    /// <param name="dimension">D.</param>
    /// <param name="labels">The label id of each row, in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="regression">The regression's options: folds, seed, and the schedule the network's cost is bounded by.</param>
    /// <param name="options">Width and schedule of the network.</param>
    /// <param name="maxDegreeOfParallelism">Folds trained at once; -1 for the runtime's choice. The result does not depend on it.</param>
    /// <param name="reverseFolds">Start the folds last to first: the result does not depend on the order either (a test hook).</param>
    /// <param name="cancellationToken">Checked before each fold and once per epoch of its training.</param>
    public static float[] Predict(
        float[] vectors, int count, int dimension, int[] labels, int classes, ClassifierOptions regression, NetworkOptions options,
        int maxDegreeOfParallelism = -1, bool reverseFolds = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var rows = FullRows.Of(vectors, count, dimension);
        return Predict(rows, labels, classes, regression, options, maxDegreeOfParallelism, reverseFolds, cancellationToken);
    }

    /// <summary>N×C out-of-fold probabilities of <paramref name="rows"/> (floats or halves), row-major, classes in label id order.</summary>
    /// <param name="rows">The N rows.</param>
    /// <param name="labels">The label id of each row, in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="regression">The regression's options: folds, seed, and the schedule the network's cost is bounded by.</param>
    /// <param name="options">Width and schedule of the network.</param>
    /// <param name="maxDegreeOfParallelism">Folds trained at once; -1 for the runtime's choice. The result does not depend on it.</param>
    /// <param name="reverseFolds">Start the folds last to first: the result does not depend on the order either (a test hook).</param>
    /// <param name="cancellationToken">Checked before each fold and once per epoch of its training.</param>
    public static float[] Predict(
        FullRows rows, int[] labels, int classes, ClassifierOptions regression, NetworkOptions options,
        int maxDegreeOfParallelism = -1, bool reverseFolds = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(regression);
        ArgumentNullException.ThrowIfNull(options);
        var count = rows.Count;
        var dimension = rows.Dimension;
        var probabilities = new float[count * classes];
        if (count == 0 || classes == 0)
        {
            return probabilities;
        }

        var (mean, scale) = OutOfFoldClassifier.Standardisation(rows);
        var folds = OutOfFoldClassifier.StratifiedFolds(labels, classes, Math.Clamp(regression.Folds, 2, Math.Max(2, count)), regression.Seed);
        var foldCount = folds.Max() + 1;
        Parallel.For(0, foldCount, AnalysisThreads.Options(maxDegreeOfParallelism, cancellationToken), index =>
        {
            var fold = reverseFolds ? foldCount - 1 - index : index;
            var train = new List<int>(count);
            var test = new List<int>(count / foldCount + 1);
            for (var i = 0; i < count; i++)
            {
                (folds[i] == fold ? test : train).Add(i);
            }

            var hidden = Math.Max(1, options.Hidden);
            var network = new Network(dimension, hidden, classes, mean, scale, regression.Seed + (17 * (fold + 1)));
            if (train.Count > 0)
            {
                var steps = Steps(train.Count, dimension, classes, regression, options);
                network.Train(rows, [.. train], labels, options, steps, regression.Seed + (31 * (fold + 1)), cancellationToken);
            }

            var activations = new float[hidden];
            var scratch = new float[dimension];
            foreach (var row in test)
            {
                network.Predict(rows.Row(row, scratch), activations, probabilities.AsSpan(row * classes, classes));
            }
        });

        return probabilities;
    }

    /// <summary>Updates of one fold's network: its minimum of steps (a fixed cost whatever the rows, so a small or
    /// low-dimensional project still trains), beyond that its epochs but no more steps than those whose multiply-adds
    /// are <see cref="NetworkOptions.WorkMultiple"/> times the regression's.</summary>
    internal static int Steps(int trainRows, int dimension, int classes, ClassifierOptions regression, NetworkOptions options)
    {
        var batch = Math.Max(1, Math.Min(options.BatchSize, trainRows));
        var epochs = (long)options.Epochs * ((trainRows + batch - 1) / batch);
        var budget = Math.Floor(options.WorkMultiple * RegressionWork(trainRows, dimension, classes, regression) / StepWork(batch, dimension, Math.Max(1, options.Hidden), classes));
        return (int)Math.Clamp(Math.Max(options.MinSteps, Math.Min(epochs, budget)), 1, int.MaxValue);
    }

    /// <summary>Multiply-adds of the regression's training on these rows: per row a C×D forward and gradient, per
    /// step Adam and the fold over C×D weights (about ten operations each).</summary>
    internal static double RegressionWork(int trainRows, int dimension, int classes, ClassifierOptions regression)
    {
        var batch = Math.Max(1, Math.Min(regression.BatchSize, trainRows));
        var steps = Math.Max(regression.MinSteps, (long)regression.Epochs * ((trainRows + batch - 1) / batch));
        return steps * (((2.0 * batch) + 10) * classes * dimension);
    }

    /// <summary>Multiply-adds of one network step: per row an H×D forward, the gradient of the active units (about
    /// half), the H×C output layer both ways; per step Adam and the fold over H×D weights.</summary>
    internal static double StepWork(int batch, int dimension, int hidden, int classes) =>
        (batch * ((1.5 * hidden * dimension) + (3.0 * hidden * classes))) + (10.0 * hidden * (dimension + classes));

    /// <summary>One hidden ReLU layer over standardised inputs, softmax output, trained with mini-batch Adam and L2.</summary>
    private sealed class Network
    {
        private readonly int _d;
        private readonly int _h;
        private readonly int _c;
        private readonly float[] _mean;
        private readonly float[] _scale;
        private readonly float[] _w1;
        private readonly float[] _b1;
        private readonly float[] _w2;
        private readonly float[] _b2;
        private readonly float[] _folded;
        private readonly float[] _offset;

        public Network(int dimension, int hidden, int classes, float[] mean, float[] scale, int seed)
        {
            _d = dimension;
            _h = hidden;
            _c = classes;
            _mean = mean;
            _scale = scale;
            _w1 = new float[hidden * dimension];
            _b1 = new float[hidden];
            _w2 = new float[classes * hidden];
            _b2 = new float[classes];
            _folded = new float[hidden * dimension];
            _offset = new float[hidden];
            var random = new Random(seed);
            // He initialisation for the ReLU layer, Glorot-like for the output.
            var s1 = MathF.Sqrt(2f / Math.Max(1, dimension));
            var s2 = MathF.Sqrt(1f / hidden);
            for (var i = 0; i < _w1.Length; i++)
            {
                _w1[i] = s1 * Gaussian(random);
            }

            for (var i = 0; i < _w2.Length; i++)
            {
                _w2[i] = s2 * Gaussian(random);
            }

            Fold();
        }

        public void Predict(ReadOnlySpan<float> x, Span<float> activations, Span<float> destination)
        {
            Forward(x, activations, destination);
        }

        public void Train(FullRows vectors, int[] rows, int[] labels, NetworkOptions options, int steps, int seed, CancellationToken cancellationToken)
        {
            var row = new float[_d];
            var batch = Math.Max(1, Math.Min(options.BatchSize, rows.Length));
            var random = new Random(seed);
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
            var activations = new float[_h];
            var output = new float[_c];
            var delta = new float[_h];
            var scratch = new float[Math.Max(_d, _h)];
            var shuffled = new ShuffledRows(rows, random);
            for (var step = 1; step <= steps; step++)
            {
                Array.Clear(g1);
                Array.Clear(gb1);
                Array.Clear(g2);
                Array.Clear(gb2);
                for (var b = 0; b < batch; b++)
                {
                    var next = shuffled.Next(cancellationToken);
                    var x = vectors.Row(next, row);
                    Forward(x, activations, output);
                    output[labels[next]] -= 1f;
                    Array.Clear(delta);
                    for (var c = 0; c < _c; c++)
                    {
                        TensorPrimitives.MultiplyAdd(activations, output[c], g2.AsSpan(c * _h, _h), g2.AsSpan(c * _h, _h));
                        gb2[c] += output[c];
                        TensorPrimitives.MultiplyAdd(_w2.AsSpan(c * _h, _h), output[c], delta, delta);
                    }

                    for (var j = 0; j < _h; j++)
                    {
                        if (activations[j] <= 0)
                        {
                            continue;
                        }

                        // Raw-space sums; the standardisation is applied once per step below, not per row.
                        TensorPrimitives.MultiplyAdd(x, delta[j], g1.AsSpan(j * _d, _d), g1.AsSpan(j * _d, _d));
                        gb1[j] += delta[j];
                    }
                }

                var rate = options.LearningRate * (1f - ((step - 1f) / steps));
                var (correction1, correction2) = AdamOptimizer.Corrections(step);
                for (var j = 0; j < _h; j++)
                {
                    var g = g1.AsSpan(j * _d, _d);
                    AdamOptimizer.StandardisedGradient(g, gb1[j], _mean, _scale, batch, _w1.AsSpan(j * _d, _d), options.L2);
                    AdamOptimizer.Step(g, _w1.AsSpan(j * _d, _d), m1.AsSpan(j * _d, _d), v1.AsSpan(j * _d, _d), rate, correction1, correction2, scratch);
                }

                TensorPrimitives.Multiply(g2, 1f / batch, g2);
                TensorPrimitives.MultiplyAdd(_w2, options.L2, g2, g2);
                TensorPrimitives.Multiply(gb1, 1f / batch, gb1);
                TensorPrimitives.Multiply(gb2, 1f / batch, gb2);
                AdamOptimizer.Step(gb1, _b1, mb1, vb1, rate, correction1, correction2, scratch);
                for (var c = 0; c < _c; c++)
                {
                    AdamOptimizer.Step(g2.AsSpan(c * _h, _h), _w2.AsSpan(c * _h, _h), m2.AsSpan(c * _h, _h), v2.AsSpan(c * _h, _h), rate, correction1, correction2, scratch);
                }

                AdamOptimizer.Step(gb2, _b2, mb2, vb2, rate, correction1, correction2, scratch);
                Fold();
            }
        }

        private void Forward(ReadOnlySpan<float> x, Span<float> activations, Span<float> output)
        {
            for (var j = 0; j < _h; j++)
            {
                activations[j] = MathF.Max(0, TensorPrimitives.Dot(x, _folded.AsSpan(j * _d, _d)) + _offset[j]);
            }

            for (var c = 0; c < _c; c++)
            {
                output[c] = TensorPrimitives.Dot(activations, _w2.AsSpan(c * _h, _h)) + _b2[c];
            }

            var max = TensorPrimitives.Max(output);
            TensorPrimitives.Subtract(output, max, output);
            TensorPrimitives.Exp(output, output);
            TensorPrimitives.Divide(output, TensorPrimitives.Sum(output), output);
        }

        /// <summary>w·((x − μ) ∘ s) + b = (w ∘ s)·x + (b − (w ∘ s)·μ), per hidden unit.</summary>
        private void Fold()
        {
            for (var j = 0; j < _h; j++)
            {
                var folded = _folded.AsSpan(j * _d, _d);
                TensorPrimitives.Multiply(_w1.AsSpan(j * _d, _d), _scale, folded);
                _offset[j] = _b1[j] - TensorPrimitives.Dot(folded, _mean);
            }
        }

        private static float Gaussian(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}

/// <summary>Width and schedule of the out-of-fold network.</summary>
/// <param name="Hidden">ReLU units in the hidden layer.</param>
/// <param name="Epochs">Passes over each fold's training rows at most.</param>
/// <param name="MinSteps">At least this many updates, so a few hundred rows still train.</param>
/// <param name="BatchSize">Rows per update.</param>
/// <param name="LearningRate">Adam's initial rate, decayed linearly to zero.</param>
/// <param name="L2">Penalty on the weights (first layer in standardised coordinates).</param>
/// <param name="WorkMultiple">At most this many times the regression's multiply-adds on the same rows.</param>
internal sealed record NetworkOptions(
    int Hidden = 64, int Epochs = 20, int MinSteps = 300, int BatchSize = 64, float LearningRate = 0.003f, float L2 = 1e-3f, double WorkMultiple = 4);
