namespace LabelBridge.Analysis.Scoring;

/// <summary>Platt scaling of a mislabel score: P(wrong | s) = σ(a·s + b), fitted on injected flips.</summary>
/// <remarks>The fit sees the injected rate; <see cref="Probability"/> moves the intercept to the real rate by the
/// prior-shift identity (odds scale with the base rate), because a project with 2% wrong labels must not read a
/// score as likely-wrong just because 5% were injected for the fit.</remarks>
internal sealed class Calibration(double slope, double intercept)
{
    public double Slope { get; } = slope;

    public double Intercept { get; } = intercept;

    public static Calibration Fit(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        var n = scores.Length;
        var positives = 0;
        foreach (var p in positive)
        {
            positives += p ? 1 : 0;
        }

        // Platt's smoothed targets keep the fit finite when the classes separate perfectly.
        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (n - positives + 2.0);
        double a = 1, b = Math.Log((positives + 1.0) / (n - positives + 1.0));
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid((a * scores[i]) + b);
                var t = positive[i] ? high : low;
                var w = p * (1 - p);
                ga += (p - t) * scores[i];
                gb += p - t;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }

            var det = (haa * hbb) - (hab * hab);
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }

            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-9)
            {
                break;
            }
        }

        return new Calibration(a, b);
    }

    /// <param name="score">The raw score.</param>
    /// <param name="fittedRate">Share of positives in the fit.</param>
    /// <param name="realRate">Share of wrong labels expected where the score is applied.</param>
    public double Probability(double score, double fittedRate, double realRate)
    {
        var shift = Logit(realRate) - Logit(fittedRate);
        return Sigmoid((Slope * score) + Intercept + shift);
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(p / (1 - p));
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
