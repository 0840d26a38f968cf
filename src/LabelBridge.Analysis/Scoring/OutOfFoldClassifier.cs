using System.Numerics.Tensors;
using LabelBridge.Analysis.Threads;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Out-of-fold class probabilities from a multinomial logistic regression (softmax, L2) trained on the
/// population's own embeddings: the input confident learning needs.</summary>
/// <remarks>Each row's probabilities come from the model of the one fold that did not train on it, so a mislabelled
/// row cannot vouch for its own label. Folds are stratified and seeded; each fold trains single-threaded with a
/// fixed row order, and folds run in parallel writing disjoint rows, so the result is the same on any thread count.
/// Features are standardised per dimension (mean and spread over all rows, which uses no label), folded into the
/// weights so the N×D input is never copied: an 816-d embedding has dimensions of very different spread, and
/// without it the L2 penalty and the learning rate mean different things per dimension. Mini-batch Adam with a
/// linearly decaying rate; a fixed minimum of steps so tiny projects still converge. Own code over Microsoft.ML's
/// L-BFGS trainer: the same model, no heavy dependency, and determinism we control (bench/RESULTS.md).</remarks>
internal static class OutOfFoldClassifier
{
    /// <summary>N×C out-of-fold probabilities, row-major, classes in <paramref name="classes"/> id order.</summary>
    /// <param name="vectors">N×D rows.</param>
    /// <param name="count">N.</param>
    /// <param name="dimension">D.</param>
    /// <param name="labels">The label id of each row, in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="options">Folds, seed, penalty and schedule.</param>
    /// <param name="maxDegreeOfParallelism">Folds trained at once; -1 for the runtime's choice. The result does not depend on it.</param>
    /// <param name="cancellationToken">Checked before each fold and once per epoch of its training.</param>
    public static float[] Predict(
        float[] vectors, int count, int dimension, int[] labels, int classes, ClassifierOptions options, int maxDegreeOfParallelism = -1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        return Predict(FullRows.Of(vectors, count, dimension), labels, classes, options, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>N×C out-of-fold probabilities of <paramref name="rows"/> (floats or halves), row-major, classes in
    /// <paramref name="classes"/> id order.</summary>
    /// <param name="rows">The N rows.</param>
    /// <param name="labels">The label id of each row, in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="options">Folds, seed, penalty and schedule.</param>
    /// <param name="maxDegreeOfParallelism">Folds trained at once; -1 for the runtime's choice. The result does not depend on it.</param>
    /// <param name="cancellationToken">Checked before each fold and once per epoch of its training.</param>
    public static float[] Predict(
        FullRows rows, int[] labels, int classes, ClassifierOptions options, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var count = rows.Count;
        var dimension = rows.Dimension;
        var probabilities = new float[count * classes];
        if (count == 0 || classes == 0)
        {
            return probabilities;
        }

        var (mean, scale) = Standardisation(rows);
        var folds = StratifiedFolds(labels, classes, Math.Clamp(options.Folds, 2, Math.Max(2, count)), options.Seed);
        var foldCount = folds.Max() + 1;
        Parallel.For(0, foldCount, AnalysisThreads.Options(maxDegreeOfParallelism, cancellationToken), fold =>
        {
            var train = new List<int>(count);
            var test = new List<int>(count / foldCount + 1);
            for (var i = 0; i < count; i++)
            {
                (folds[i] == fold ? test : train).Add(i);
            }

            var model = new SoftmaxModel(dimension, classes, mean, scale);
            if (train.Count > 0)
            {
                model.Train(rows, [.. train], labels, options, options.Seed + (31 * (fold + 1)), cancellationToken);
            }

            var scratch = new float[dimension];
            foreach (var row in test)
            {
                model.Predict(rows.Row(row, scratch), probabilities.AsSpan(row * classes, classes));
            }
        });

        return probabilities;
    }

    /// <summary>Fold of each row: every class's rows shuffled with the seed and dealt round-robin, so each fold
    /// holds about the same share of every class and a small class still lands in several folds.</summary>
    internal static int[] StratifiedFolds(int[] labels, int classes, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[labels.Length];
        var members = new List<int>[classes];
        for (var c = 0; c < classes; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < labels.Length; i++)
        {
            members[labels[i]].Add(i);
        }

        var next = 0;
        for (var c = 0; c < classes; c++)
        {
            var rows = members[c].ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
            {
                fold[row] = next;
                next = (next + 1) % folds;
            }
        }

        return fold;
    }

    internal static (float[] Mean, float[] Scale) Standardisation(FullRows rows)
    {
        var count = rows.Count;
        var dimension = rows.Dimension;
        var sum = new double[dimension];
        var squares = new double[dimension];
        var scratch = new float[dimension];
        for (var i = 0; i < count; i++)
        {
            var row = rows.Row(i, scratch);
            for (var d = 0; d < dimension; d++)
            {
                sum[d] += row[d];
                squares[d] += (double)row[d] * row[d];
            }
        }

        var mean = new float[dimension];
        var scale = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            var m = sum[d] / count;
            var variance = Math.Max(0, (squares[d] / count) - (m * m));
            mean[d] = (float)m;
            // A constant dimension carries nothing; 1 keeps it harmless instead of dividing by zero.
            scale[d] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 1f;
        }

        return (mean, scale);
    }

    /// <summary>Softmax regression in standardised coordinates; predicts on raw rows through folded weights.</summary>
    private sealed class SoftmaxModel(int dimension, int classes, float[] mean, float[] scale)
    {
        private readonly float[] _weights = new float[classes * dimension];
        private readonly float[] _bias = new float[classes];
        private readonly float[] _folded = new float[classes * dimension];
        private readonly float[] _offset = new float[classes];

        public void Train(FullRows vectors, int[] rows, int[] labels, ClassifierOptions options, int seed, CancellationToken cancellationToken)
        {
            var scratch = new float[dimension];
            var batch = Math.Max(1, Math.Min(options.BatchSize, rows.Length));
            var stepsPerEpoch = (rows.Length + batch - 1) / batch;
            var steps = Math.Max(options.MinSteps, options.Epochs * stepsPerEpoch);
            var random = new Random(seed);
            var gradient = new float[classes * dimension];
            var biasGradient = new float[classes];
            var residualSum = new float[classes];
            var first = new float[_weights.Length];
            var second = new float[_weights.Length];
            var biasFirst = new float[classes];
            var biasSecond = new float[classes];
            var logits = new float[classes];
            var standardised = new float[dimension];
            Fold();
            var shuffled = new ShuffledRows(rows, random);
            for (var step = 1; step <= steps; step++)
            {
                Array.Clear(gradient);
                Array.Clear(residualSum);
                for (var b = 0; b < batch; b++)
                {
                    var row = shuffled.Next(cancellationToken);
                    var x = vectors.Row(row, scratch);
                    Logits(x, logits);
                    SoftmaxInPlace(logits);
                    logits[labels[row]] -= 1f;
                    for (var c = 0; c < classes; c++)
                    {
                        // Raw-space sums; the standardisation is applied once per step below, not per row.
                        TensorPrimitives.MultiplyAdd(x, logits[c], gradient.AsSpan(c * dimension, dimension), gradient.AsSpan(c * dimension, dimension));
                        residualSum[c] += logits[c];
                    }
                }

                var rate = options.LearningRate * (1f - ((step - 1f) / steps));
                var (correction1, correction2) = AdamOptimizer.Corrections(step);
                for (var c = 0; c < classes; c++)
                {
                    var g = gradient.AsSpan(c * dimension, dimension);
                    AdamOptimizer.StandardisedGradient(g, residualSum[c], mean, scale, batch, _weights.AsSpan(c * dimension, dimension), options.L2);
                    AdamOptimizer.Step(g, _weights.AsSpan(c * dimension, dimension), first.AsSpan(c * dimension, dimension), second.AsSpan(c * dimension, dimension), rate, correction1, correction2, standardised);
                    biasGradient[c] = residualSum[c] / batch;
                }

                AdamOptimizer.Step(biasGradient, _bias, biasFirst, biasSecond, rate, correction1, correction2, standardised);
                Fold();
            }
        }

        public void Predict(ReadOnlySpan<float> x, Span<float> destination)
        {
            Logits(x, destination);
            SoftmaxInPlace(destination);
        }

        private void Logits(ReadOnlySpan<float> x, Span<float> destination)
        {
            for (var c = 0; c < classes; c++)
            {
                destination[c] = TensorPrimitives.Dot(x, _folded.AsSpan(c * dimension, dimension)) + _offset[c];
            }
        }

        /// <summary>w·((x − μ) ∘ s) + b = (w ∘ s)·x + (b − (w ∘ s)·μ).</summary>
        private void Fold()
        {
            for (var c = 0; c < classes; c++)
            {
                var folded = _folded.AsSpan(c * dimension, dimension);
                TensorPrimitives.Multiply(_weights.AsSpan(c * dimension, dimension), scale, folded);
                _offset[c] = _bias[c] - TensorPrimitives.Dot(folded, mean);
            }
        }

        private static void SoftmaxInPlace(Span<float> logits)
        {
            var max = TensorPrimitives.Max(logits);
            TensorPrimitives.Subtract(logits, max, logits);
            TensorPrimitives.Exp(logits, logits);
            TensorPrimitives.Divide(logits, TensorPrimitives.Sum(logits), logits);
        }
    }
}

/// <summary>How the out-of-fold classifier trains.</summary>
/// <param name="Folds">K of K-fold cross-validation.</param>
/// <param name="Seed">Folds and batch order.</param>
/// <param name="L2">Penalty on the standardised weights.</param>
/// <param name="Epochs">Passes over each fold's training rows.</param>
/// <param name="MinSteps">At least this many updates, so a few hundred rows still train.</param>
/// <param name="BatchSize">Rows per update.</param>
/// <param name="LearningRate">Adam's initial rate, decayed linearly to zero.</param>
internal sealed record ClassifierOptions(
    int Folds = 5, int Seed = 42, float L2 = 1e-3f, int Epochs = 8, int MinSteps = 300, int BatchSize = 128, float LearningRate = 0.01f);
