namespace LabelBridge.Analysis.Scoring;

/// <summary>The probability that a label is wrong given its mislabel score, learned from the trial's injected flips:
/// P(wrong | s) = min(1, π · f_flip(s) / f_real(s)).</summary>
/// <remarks>Both samples come from the trial's model: the flips, and the trial's other rows as the real scores (the
/// project's own errors and its clean rows, scored by the model that scored the flips). Fitted against the production
/// fit's scores instead, the two samples came from different models (the trial's is fitted on labels with the flips in
/// them), and rows scored 0.5 or more were planted errors 76% of the time on the demo, 56% on the garment scenes and
/// 40% on the icon scenes; compared like with like, 93%, 67% and 55% (bench/RESULTS.md, "calib"). A production score
/// is read through <see cref="OnTrialScale"/>.
/// The real scores are a mixture f_real = π·f_wrong + (1 − π)·f_clean, and the injected flips show how wrong
/// labels score (f_flip stands in for f_wrong). Two things are estimated from the two samples:
/// <list type="bullet">
/// <item>π, the share of wrong labels, by mixture-proportion estimation (Blanchard, Lee and Scott 2010; Scott 2015):
/// for every threshold s the share of real rows scoring at least s, divided by the share of flips scoring at least s,
/// is π plus what clean rows add above s; at the top of the scale, where only wrong labels are left, it is π. The
/// smallest ratio over thresholds that still have <see cref="MinFlipsAbove"/> flips (and <see cref="MinShareAbove"/> of
/// them beyond the flips that outscore nearly every real row) above them is the estimate.</item>
/// <item>the density ratio f_flip/f_real, by isotonic regression (pool adjacent violators) of "is a flip" on the
/// score over both samples, each weighted to the same total: its odds are the density ratio, and it can only rise
/// with the score.</item>
/// </list>
/// A row's prior is its given class's (<see cref="ClassPriors"/>): partly where the confident joint puts the errors.
/// The Platt fit this replaces was fitted on flips against clean-looking rows only and shifted by the confident
/// joint's count (2–3× the planted errors on the scene benches): rows it scored 0.5–0.7 were errors 9–28% of the time
/// there (bench/RESULTS.md). Negatives here are all real rows, so ambiguous clean look-alikes are in the fit.</remarks>
internal sealed class Calibration
{
    /// <summary>At least this many flips lie above every threshold the prior is read at.</summary>
    public const int MinFlipsAbove = 10;

    /// <summary>And at least this share of the flips beyond those that score above nearly every real row
    /// (<see cref="EasyQuantile"/>). Injected flips are clean-looking rows moved to a look-alike, so they tend to
    /// score higher than real errors; read too near the top, the prior comes out low (Fashion-MNIST with 10%
    /// confusable-pair noise: 0.02-0.06 for 0.10), read too low, clean look-alikes push it up (icon scenes: 0.17-0.24
    /// for 0.09 at a half). bench/RESULTS.md, "calib2".</summary>
    public const double MinShareAbove = 0.2;

    /// <summary>Flips scoring above this quantile of the real rows are easier than (almost) any real error: where
    /// they are many (a quarter of the flips on Fashion-MNIST confusable pairs, 4-14% elsewhere) the reading of the
    /// prior starts below them.</summary>
    public const double EasyQuantile = 0.99;

    /// <summary>Weight of the confident joint's per-class spread in a class's prior; the rest is the population's
    /// prior. Fully per class, garment scenes (planted errors spread evenly over classes) wrote fewer planted errors
    /// per marker (pixel+mobilenet_v2_mid: 109 markers at precision 0.63 / recall 0.73 before, 109 at 0.59/0.67 fully
    /// per class, 103 at 0.61/0.66 half-way); a quarter keeps them (108 at 0.64/0.73) and still lifts Fashion-MNIST
    /// confusable pairs (bench/RESULTS.md, "calib2").</summary>
    public const double ClassShare = 0.25;

    /// <summary>No given class is estimated to be wrong more often than this.</summary>
    public const double MaxClassPrior = 0.5;

    private readonly double[] _scores;
    private readonly double[] _shares;

    private Calibration(double prior, double[] scores, double[] shares)
    {
        Prior = prior;
        _scores = scores;
        _shares = shares;
    }

    /// <summary>Estimated share of wrong labels among the real rows (π).</summary>
    public double Prior { get; }

    /// <param name="flipScores">Scores of the injected flips in the trial.</param>
    /// <param name="realScores">Scores of the trial's other (not injected) rows, by the same model.</param>
    /// <param name="population">How many rows the real scores stand for (the trial repeats its draws on small
    /// projects, so a row can score once per draw); 0 for one score per row. The prior is at least one wrong label
    /// among them.</param>
    /// <returns>Null when there are too few flips to estimate anything.</returns>
    public static Calibration? Fit(ReadOnlySpan<float> flipScores, ReadOnlySpan<float> realScores, int population = 0)
    {
        var m = flipScores.Length;
        var n = realScores.Length;
        if (m < MinFlipsAbove || n == 0)
        {
            return null;
        }

        var prior = Math.Max(MixtureProportion(flipScores, realScores), 1.0 / ((population > 0 ? population : n) + 1));
        var (scores, shares) = DensityRatio(flipScores, realScores);
        return new Calibration(prior, scores, shares);
    }

    /// <summary>P(wrong | score), in [0, 1] and never falling as the score rises.</summary>
    public double Probability(double score) => Probability(score, Prior);

    /// <summary>P(wrong | score) for a row whose given class is wrong with prior probability
    /// <paramref name="classPrior"/>: the likelihood ratio f_wrong/f_clean is shared by all classes (recovered from
    /// f_flip/f_real and <see cref="Prior"/>), the prior odds are the class's. With the population's prior it is
    /// π · f_flip/f_real.</summary>
    public double Probability(double score, double classPrior)
    {
        // Interpolated on the fitted share of flips (bounded), then turned into odds: interpolating the odds
        // themselves would jump to certainty next to a block of flips only.
        double share;
        if (score <= _scores[0])
        {
            share = _shares[0];
        }
        else if (score >= _scores[^1])
        {
            share = _shares[^1];
        }
        else
        {
            var at = Array.BinarySearch(_scores, score);
            if (at >= 0)
            {
                share = _shares[at];
            }
            else
            {
                var hi = ~at;
                var lo = hi - 1;
                var t = (score - _scores[lo]) / (_scores[hi] - _scores[lo]);
                share = _shares[lo] + (t * (_shares[hi] - _shares[lo]));
            }
        }

        if (share >= 1)
        {
            return 1;
        }

        // ratio = f_flip/f_real; f_clean/f_real = (1 − π·ratio)/(1 − π), so f_wrong/f_clean = ratio(1 − π)/(1 − π·ratio).
        var ratio = share / (1 - share);
        var wrongShare = Prior * ratio;
        if (wrongShare >= 1)
        {
            return 1;
        }

        if (classPrior == Prior)
        {
            return Math.Clamp(wrongShare, 0, 1);
        }

        var odds = classPrior / (1 - classPrior) * ratio * (1 - Prior) / (1 - wrongShare);
        return Math.Clamp(odds / (1 + odds), 0, 1);
    }

    /// <summary>Each given class's prior of a wrong label: mostly the population's prior <see cref="Prior"/>, a
    /// <see cref="ClassShare"/> of it shared out as the confident joint spreads its estimated errors over the given
    /// classes (cleanlab's calibrated off-diagonal count per given class); the rows total the same number of wrong
    /// labels.</summary>
    /// <remarks>Where the noise sits in a few classes (Fashion-MNIST confusable pairs: 4 of 10 classes have none), one
    /// prior for all put the noisy classes' errors below 0.5 and the clean classes' look-alikes above it.</remarks>
    public double[] ClassPriors(ConfidentJoint joint, int[] given)
    {
        var classes = joint.Classes;
        var sizes = new int[classes];
        foreach (var g in given)
        {
            sizes[g]++;
        }

        var rates = new double[classes];
        double total = 0;
        for (var g = 0; g < classes; g++)
        {
            int confident = 0, off = 0;
            for (var t = 0; t < classes; t++)
            {
                confident += joint.Counts[(g * classes) + t];
                off += g != t ? joint.Counts[(g * classes) + t] : 0;
            }

            var errors = confident > 0 ? (double)off * sizes[g] / confident : 0;
            rates[g] = sizes[g] > 0 ? errors / sizes[g] : 0;
            total += errors;
        }

        var n = given.Length;
        var floor = 1.0 / (n + 1);
        var priors = new double[classes];
        for (var g = 0; g < classes; g++)
        {
            priors[g] = total > 0 ? ((1 - ClassShare) * Prior) + (ClassShare * Math.Clamp(rates[g] * Prior * n / total, floor, MaxClassPrior)) : Prior;
        }

        return priors;
    }

    private static double MixtureProportion(ReadOnlySpan<float> flipScores, ReadOnlySpan<float> realScores)
    {
        var flips = flipScores.ToArray();
        var real = realScores.ToArray();
        Array.Sort(flips);
        Array.Sort(real);
        var m = flips.Length;
        var n = real.Length;
        var easy = m - UpperBound(flips, Quantile(real, EasyQuantile));
        var least = Math.Min(m, Math.Max(MinFlipsAbove, (int)Math.Ceiling((MinShareAbove * m) + easy)));
        var best = 1.0;
        // k flips score at least flips[m - k]; walk thresholds from the top flip down.
        for (var k = least; k <= m; k++)
        {
            var threshold = flips[m - k];
            var above = n - LowerBound(real, threshold);
            best = Math.Min(best, (double)above / n / ((double)k / m));
        }

        return Math.Clamp(best, 1.0 / (n + 1), 0.5);
    }

    /// <summary>Isotonic fit of "is a flip" on the score, both samples weighted to the same total; returns the block
    /// means of the score and each block's weighted share of flips, whose odds are f_flip/f_real.</summary>
    private static (double[] Scores, double[] Shares) DensityRatio(ReadOnlySpan<float> flipScores, ReadOnlySpan<float> realScores)
    {
        var m = flipScores.Length;
        var n = realScores.Length;
        var points = new (float Score, bool Flip)[m + n];
        for (var i = 0; i < m; i++)
        {
            points[i] = (flipScores[i], true);
        }

        for (var i = 0; i < n; i++)
        {
            points[m + i] = (realScores[i], false);
        }

        // Ties in score form one block whatever their order, so the order among them does not matter.
        Array.Sort(points, (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Flip.CompareTo(b.Flip));
        var flipWeight = 0.5 / m;
        var realWeight = 0.5 / n;
        var value = new List<double>();
        var weight = new List<double>();
        var scoreSum = new List<double>();
        for (var i = 0; i < points.Length; i++)
        {
            var w = points[i].Flip ? flipWeight : realWeight;
            var v = points[i].Flip ? 1.0 : 0.0;
            var s = (double)points[i].Score * w;
            // Equal scores join the previous block: a step only where the score changes.
            if (i > 0 && points[i].Score == points[i - 1].Score)
            {
                var last = value.Count - 1;
                value[last] = ((value[last] * weight[last]) + (v * w)) / (weight[last] + w);
                weight[last] += w;
                scoreSum[last] += s;
            }
            else
            {
                value.Add(v);
                weight.Add(w);
                scoreSum.Add(s);
            }

            while (value.Count > 1 && value[^2] >= value[^1])
            {
                var a = value.Count - 2;
                var b = value.Count - 1;
                value[a] = ((value[a] * weight[a]) + (value[b] * weight[b])) / (weight[a] + weight[b]);
                weight[a] += weight[b];
                scoreSum[a] += scoreSum[b];
                value.RemoveAt(b);
                weight.RemoveAt(b);
                scoreSum.RemoveAt(b);
            }
        }

        var scores = new double[value.Count];
        for (var i = 0; i < value.Count; i++)
        {
            scores[i] = scoreSum[i] / weight[i];
        }

        return (scores, [.. value]);
    }

    /// <summary>Each production score carried to the trial's scale: the trial score at the same quantile (mid-rank
    /// for ties) among the trial's other rows, so a row is read on the scale the calibration was fitted on.</summary>
    /// <remarks>Keeps the order of the scores. The trial's model is fitted on labels with the injected flips in them,
    /// so it can score the same rows differently from the production fit; the quantile is what both share.</remarks>
    public static float[] OnTrialScale(float[] production, float[] trial)
    {
        var sortedProduction = (float[])production.Clone();
        Array.Sort(sortedProduction);
        var sortedTrial = (float[])trial.Clone();
        Array.Sort(sortedTrial);
        var n = sortedProduction.Length;
        var m = sortedTrial.Length;
        var result = new float[production.Length];
        for (var i = 0; i < production.Length; i++)
        {
            var lo = LowerBound(sortedProduction, production[i]);
            var hi = UpperBound(sortedProduction, production[i]);
            var q = (lo + hi) / 2.0 / n;
            var at = Math.Clamp((q * m) - 0.5, 0, m - 1);
            var below = (int)Math.Floor(at);
            var above = Math.Min(below + 1, m - 1);
            result[i] = (float)(sortedTrial[below] + ((at - below) * (sortedTrial[above] - sortedTrial[below])));
        }

        return result;
    }

    private static int UpperBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The value at quantile q of a sorted sample (the nearest rank at or below).</summary>
    private static float Quantile(float[] sorted, double q) => sorted[Math.Clamp((int)Math.Floor(q * (sorted.Length - 1)), 0, sorted.Length - 1)];

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
