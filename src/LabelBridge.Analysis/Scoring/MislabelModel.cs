using System.Runtime.InteropServices;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Chooses the project's mislabel scorer (kNN shares, out-of-fold classifier, or their mean) by how well
/// each recovers seeded label flips injected into a copy of the labels, calibrates the chosen score on those flips,
/// and runs confident learning on the chosen probabilities for the budget.</summary>
/// <remarks>The choice is per project because no scorer wins everywhere: the kNN shares are best where a class is a
/// few tight clusters (the classifier's linear boundary cannot follow them), the classifier where classes overlap
/// and ten neighbours are too few votes. Flips follow the project's own estimated noise (the confident joint of
/// the real labels, smoothed toward each class's look-alikes) and land on rows the evidence considers clean, so
/// they look like the errors this project's annotators make and are not confused with the project's own. The calibration
/// (<see cref="Calibration"/>) compares how the injected flips score with how the trial's other rows score under the
/// same trial model: it estimates the share of wrong labels and, from it, the probability that a label with a given
/// score is wrong; a production score is read at its quantile on the trial's scale.</remarks>
internal static class MislabelModel
{
    public const string Knn = "knn";
    public const string Classifier = "classifier";
    public const string Combined = "combined";
    public const string Network = "network";
    public const string NetworkCombined = "network-combined";

    /// <summary>Below this many rows the injected flips are too few to rank scorers or calibrate.</summary>
    public const int MinRowsToChoose = 40;

    public static MislabelEvidence Fit(
        float[] vectors, int dimension, KnnGraph graph, LabelIndex labels, MislabelOptions options, AnalysisLaps? laps = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Fit(FullRows.Of(vectors, graph.Count, dimension), graph, labels, options, laps, cancellationToken);
    }

    /// <summary>The mislabel evidence of <paramref name="graph"/>'s rows, the classifier learning on <paramref name="vectors"/>
    /// (row r of the graph is row r of the vectors; floats or halves).</summary>
    public static MislabelEvidence Fit(
        FullRows vectors, KnnGraph graph, LabelIndex labels, MislabelOptions options, AnalysisLaps? laps = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.Count;
        var classes = labels.Count;
        var given = labels.OfRow;
        var names = Candidates(options.Scorer, options.Network);
        var classifier = new ClassifierOptions(Folds: options.Folds, Seed: options.Seed);
        var real = Probabilities(names, vectors, graph, labels, given, classifier, cancellationToken);
        laps?.Lap("mislabel probabilities (classifier folds)");
        var trials = new List<ScorerTrial>();
        var chosen = names[^1];
        var rankBy = options.Ranking ?? MislabelRanking.SelfConfidence;
        Calibration? calibration = null;
        var injected = 0;
        var flipScores = new List<float>();
        List<float>? trialOthers = null;
        if (n >= MinRowsToChoose && options.InjectedFlipRate > 0)
        {
            var reference = real[names[^1]];
            var referenceJoint = ConfidentLearning.Count(reference, given, classes);
            // A small project's trial injects a handful of flips (16 in the demo's 324 boxes): one draw decides
            // between rankings by its own luck. Repeating it with other seeds until about MinTrialFlips flips were
            // scored (at most MaxTrialRepeats draws) averages that luck away where it is cheap to do so.
            var perDraw = Math.Max(1, (int)Math.Round(options.InjectedFlipRate * n));
            var repeats = Math.Clamp((MinTrialFlips + perDraw - 1) / perDraw, 1, MaxTrialRepeats);
            var pairs = names.SelectMany(name => Rankings(options.Ranking).Select(ranking => (name, ranking))).ToArray();
            var sumPrecision = new double[pairs.Length];
            var sumAuroc = new double[pairs.Length];
            var keptScores = new List<float>[pairs.Length];
            for (var p = 0; p < pairs.Length; p++)
            {
                keptScores[p] = new List<float>(n);
            }

            var otherScores = new List<float>[pairs.Length];
            for (var p = 0; p < pairs.Length; p++)
            {
                otherScores[p] = new List<float>(n);
            }

            var keptFlippedAll = new List<bool>(n);
            for (var draw = 0; draw < repeats; draw++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (noisy, flipped) = InjectFlips(reference, given, classes, referenceJoint, options.InjectedFlipRate, options.Seed + (draw * 7919));
                injected += flipped.Count(f => f);
                var noisyLabels = LabelIndex.Relabel(labels, noisy);
                var trial = Probabilities(names, vectors, graph, noisyLabels, noisy, classifier, cancellationToken);
                // Rows the real labels already look wrong on are neither injected nor known clean: left out of the
                // trial and the fit, so the project's own errors do not count as false alarms. Counted as negatives
                // they punish whichever ranking puts them first: with 10% real symmetric noise that is
                // self-confidence, which the trial then rejected although it finds the real errors best.
                var kept = new List<int>(n);
                for (var i = 0; i < n; i++)
                {
                    if (flipped[i] || !referenceJoint.IsOffDiagonal(i, given[i]))
                    {
                        kept.Add(i);
                    }
                }

                var keptFlipped = new bool[kept.Count];
                for (var k = 0; k < kept.Count; k++)
                {
                    keptFlipped[k] = flipped[kept[k]];
                }

                keptFlippedAll.AddRange(keptFlipped);
                var keptScore = new float[kept.Count];
                for (var p = 0; p < pairs.Length; p++)
                {
                    var (score, _) = ConfidentLearning.Rank(trial[pairs[p].name], noisy, classes, pairs[p].ranking);
                    for (var k = 0; k < kept.Count; k++)
                    {
                        keptScore[k] = score[kept[k]];
                    }

                    for (var i = 0; i < n; i++)
                    {
                        if (!flipped[i])
                        {
                            otherScores[p].Add(score[i]);
                        }
                    }

                    sumPrecision[p] += RankingQuality.AveragePrecision(keptScore, keptFlipped);
                    sumAuroc[p] += RankingQuality.Auroc(keptScore, keptFlipped);
                    keptScores[p].AddRange(keptScore);
                }
            }

            var bestPrecision = double.NegativeInfinity;
            var best = 0;
            for (var p = 0; p < pairs.Length; p++)
            {
                var precision = sumPrecision[p] / repeats;
                trials.Add(new ScorerTrial(pairs[p].name, pairs[p].ranking, precision, sumAuroc[p] / repeats));
                // The combined scorer (listed last) is the measured best on Fashion-MNIST in every noise and
                // representation tried; a single scorer must beat it clearly, not by the trial's own noise.
                var bonus = pairs[p].name is Combined or NetworkCombined ? PreferCombined : 0;
                if (precision + bonus > bestPrecision + 1e-9)
                {
                    bestPrecision = precision + bonus;
                    best = p;
                }
            }

            (chosen, rankBy) = pairs[best];
            trialOthers = otherScores[best];
            for (var k = 0; k < keptFlippedAll.Count; k++)
            {
                if (keptFlippedAll[k])
                {
                    flipScores.Add(keptScores[best][k]);
                }
            }
        }

        laps?.Lap("mislabel trial (injected flips)");
        var probabilities = real[chosen];
        var joint = ConfidentLearning.Count(probabilities, given, classes);
        var (raw, suggested) = ConfidentLearning.Rank(probabilities, given, classes, rankBy);
        // The flips are scored by the trial's model (fitted on labels with the flips in them), so they are compared
        // with the rows that model scored too (the trial's other rows, a mixture of this project's own errors and
        // clean rows), and each production score is read at its quantile on that model's scale. Against the
        // production scores themselves the two samples came from different models (bench/RESULTS.md, "calib").
        // The fit reads the lists where they are (spans); only the quantile map takes an array, copied once.
        calibration = flipScores.Count > 0 && trialOthers is { Count: > 0 }
            ? Calibration.Fit(CollectionsMarshal.AsSpan(flipScores), CollectionsMarshal.AsSpan(trialOthers), n)
            : null;
        var calibrated = new float[n];
        // One array of the trial's other scores serves the quantile map (which sorts a copy) and the evidence.
        float[] others = trialOthers is null ? [] : [.. trialOthers];
        var mapped = calibration is not null && others.Length > 0 ? Calibration.OnTrialScale(raw, others) : raw;
        var classPriors = calibration?.ClassPriors(joint, given);
        for (var i = 0; i < n; i++)
        {
            calibrated[i] = calibration is null || classPriors is null
                ? Math.Clamp(raw[i], 0f, 1f)
                : (float)calibration.Probability(mapped[i], classPriors[given[i]]);
        }

        return new MislabelEvidence(chosen, rankBy, probabilities, raw, calibrated, suggested, joint, trials, injected, calibration?.Prior)
        {
            TrialFlipScores = [.. flipScores],
            TrialOtherScores = others,
        };
    }

    /// <summary>Flips a trial scores at least, over repeated draws, where the project is small.</summary>
    public const int MinTrialFlips = 100;

    /// <summary>At most this many draws of injected flips per trial.</summary>
    public const int MaxTrialRepeats = 5;

    /// <summary>Average-precision head start of the combined scorer in the trial.</summary>
    public const double PreferCombined = 0.02;

    /// <summary>The scorers a project's trial compares, the fallback (used without a trial, and the reference the
    /// flips are drawn from) last.</summary>
    /// <remarks>With <paramref name="network"/> the learned scorer is the one-hidden-layer network
    /// (<see cref="OutOfFoldNetwork"/>) instead of the softmax regression: it ranked the real errors better on every
    /// population measured, alone and combined with the kNN shares (bench/RESULTS.md), while the trial, given both,
    /// kept the regression where the network was better (Fashion-MNIST 70k, garment scenes).</remarks>
    internal static string[] Candidates(string scorer, bool network) => scorer switch
    {
        Knn or Classifier or Combined or Network or NetworkCombined => [scorer],
        _ when network => [Knn, Network, NetworkCombined],
        _ => [Knn, Classifier, Combined],
    };

    private static MislabelRanking[] Rankings(MislabelRanking? fixedRanking) =>
        fixedRanking is { } one ? [one] : [MislabelRanking.SelfConfidence, MislabelRanking.NormalizedMargin];

    private static Dictionary<string, float[]> Probabilities(
        string[] names, FullRows vectors, KnnGraph graph, LabelIndex labels, int[] given, ClassifierOptions options, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var needKnn = names.Contains(Knn) || names.Contains(Combined);
        var needClassifier = names.Contains(Classifier) || names.Contains(Combined);
        var needNetwork = names.Contains(Network) || names.Contains(NetworkCombined);
        needKnn |= names.Contains(NetworkCombined);
        var knn = needKnn ? MislabelScorer.Default.Shares(graph, labels) : null;
        var learned = needClassifier ? OutOfFoldClassifier.Predict(vectors, given, labels.Count, options, cancellationToken: cancellationToken) : null;
        var network = needNetwork
            ? OutOfFoldNetwork.Predict(vectors, given, labels.Count, options, NetworkOptions, cancellationToken: cancellationToken)
            : null;
        if (network is not null && names.Contains(Network))
        {
            result[Network] = network;
        }

        if (knn is not null && network is not null && names.Contains(NetworkCombined))
        {
            result[NetworkCombined] = Mean(knn, network);
        }

        if (knn is not null && names.Contains(Knn))
        {
            result[Knn] = knn;
        }

        if (learned is not null && names.Contains(Classifier))
        {
            result[Classifier] = learned;
        }

        if (knn is not null && learned is not null && names.Contains(Combined))
        {
            result[Combined] = Mean(knn, learned);
        }

        return result;
    }

    private static float[] Mean(float[] a, float[] b)
    {
        var mean = new float[a.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(a, b, mean);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 0.5f, mean);
        return mean;
    }

    /// <summary>Width and schedule of the network candidates (bench/RESULTS.md, "network in the trial").</summary>
    internal static NetworkOptions NetworkOptions { get; } = new();

    /// <summary>Pseudo-count of the class-level look-alike prior in each true class's noise row.</summary>
    internal const double NoisePriorWeight = 2.0;

    /// <summary>A copy of the labels with a share of clean-looking rows flipped the way this project's own labels
    /// seem to be wrong.</summary>
    /// <remarks>The new label of a row of class j is drawn from the estimated noise row P(given = c | true = j): the
    /// confident joint's column j (rows confidently j but labelled c, cleanlab's noise matrix), smoothed by
    /// <see cref="NoisePriorWeight"/> pseudo-counts spread as the class's mean probabilities lean (its look-alikes).
    /// Flips shaped like the real errors make the trial choose what finds the real errors: symmetric noise spreads
    /// the joint and favours self-confidence, pair-wise noise concentrates it and favours the margin. Drawing every
    /// flip from the evidence's own lean (the earlier rule) made every trial look like confusable pairs, so it
    /// picked the margin on the demo, whose Trouser-labelled Bag (p spread over three other classes) then ranked
    /// below clean look-alikes.</remarks>
    internal static (int[] Labels, bool[] Flipped) InjectFlips(float[] probabilities, int[] given, int classes, ConfidentJoint joint, double rate, int seed)
    {
        var n = given.Length;
        var random = new Random(seed ^ 0x5eed);
        var candidates = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            // Flip rows that look clean (their label is also their most probable class) so an injected flip is
            // not a row that was already wrong.
            var row = probabilities.AsSpan(i * classes, classes);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == given[i])
            {
                candidates.Add(i);
            }
        }

        if (candidates.Count == 0)
        {
            candidates.AddRange(Enumerable.Range(0, n));
        }

        var noise = NoiseRows(probabilities, given, classes, joint);
        var order = candidates.ToArray();
        random.Shuffle(order);
        var take = Math.Clamp((int)Math.Round(rate * n), 1, order.Length);
        var labels = (int[])given.Clone();
        var flipped = new bool[n];
        for (var t = 0; t < take; t++)
        {
            var row = order[t];
            var truth = given[row];
            var pick = random.NextDouble();
            var target = truth == 0 ? 1 : 0;
            for (var c = 0; c < classes; c++)
            {
                var weight = noise[(truth * classes) + c];
                if (weight <= 0)
                {
                    continue;
                }

                target = c;
                pick -= weight;
                if (pick <= 0)
                {
                    break;
                }
            }

            labels[row] = target;
            flipped[row] = true;
        }

        return (labels, flipped);
    }

    /// <summary>C×C, row = true class j, column = the label c it is given by mistake; each row sums to 1 over c ≠ j.</summary>
    internal static double[] NoiseRows(float[] probabilities, int[] given, int classes, ConfidentJoint joint)
    {
        var lean = new double[classes * classes];
        for (var i = 0; i < given.Length; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                lean[(given[i] * classes) + c] += probabilities[(i * classes) + c];
            }
        }

        var noise = new double[classes * classes];
        for (var truth = 0; truth < classes; truth++)
        {
            double leanTotal = 0, countTotal = 0;
            for (var c = 0; c < classes; c++)
            {
                if (c == truth)
                {
                    continue;
                }

                // A floor keeps every other class possible; the lean makes look-alikes likelier.
                lean[(truth * classes) + c] += 0.05 / Math.Max(1, classes - 1);
                leanTotal += lean[(truth * classes) + c];
                countTotal += joint.Counts[(c * classes) + truth];
            }

            for (var c = 0; c < classes; c++)
            {
                noise[(truth * classes) + c] = c == truth
                    ? 0
                    : (joint.Counts[(c * classes) + truth] + (NoisePriorWeight * lean[(truth * classes) + c] / leanTotal)) / (countTotal + NoisePriorWeight);
            }
        }

        return noise;
    }
}

/// <summary>Which scorer, its probabilities and its per-row scores.</summary>
/// <param name="Scorer">knn, classifier or combined.</param>
/// <param name="Ranking">How rows are ordered, chosen with the scorer.</param>
/// <param name="Probabilities">N×C class probabilities of the chosen scorer.</param>
/// <param name="Raw">Ranking score (self-confidence or margin), higher is worse.</param>
/// <param name="Calibrated">Estimated probability that the label is wrong.</param>
/// <param name="Suggested">Most probable other class per row.</param>
/// <param name="Joint">Confident joint of the chosen probabilities.</param>
/// <param name="Trials">How each scorer recovered the injected flips; empty when the project was too small to try.</param>
/// <param name="Injected">How many flips were injected.</param>
/// <param name="CalibratedRate">The calibration's estimate of the share of wrong labels, or null without one.</param>
internal sealed record MislabelEvidence(
    string Scorer, MislabelRanking Ranking, float[] Probabilities, float[] Raw, float[] Calibrated, int[] Suggested, ConfidentJoint Joint, IReadOnlyList<ScorerTrial> Trials, int Injected,
    double? CalibratedRate = null)
{
    /// <summary>The chosen scorer's trial scores of the injected flips (what the calibration was fitted on).</summary>
    public float[] TrialFlipScores { get; init; } = [];

    /// <summary>The same trial's scores of its other (not injected) rows.</summary>
    public float[] TrialOtherScores { get; init; } = [];
}

/// <summary>One scorer's recovery of the injected flips.</summary>
internal sealed record ScorerTrial(string Scorer, MislabelRanking Ranking, double AveragePrecision, double Auroc);

/// <summary>Scorer, folds, ranking and injection settings.</summary>
/// <param name="Scorer">auto, knn, classifier or combined.</param>
/// <param name="Folds">K of the classifier's cross-validation.</param>
/// <param name="InjectedFlipRate">Share of rows flipped for the trial; 0 skips it.</param>
/// <param name="Ranking">A fixed ranking, or null to let the trial choose it with the scorer.</param>
/// <param name="Seed">Folds, batches and flips.</param>
/// <param name="Network">Whether <c>auto</c> learns with the one-hidden-layer network instead of the softmax regression.</param>
internal sealed record MislabelOptions(string Scorer, int Folds, double InjectedFlipRate, MislabelRanking? Ranking, int Seed, bool Network = true);
