namespace LabelBridge.Analysis.Scoring;

/// <summary>Confident learning (Northcutt et al., the algorithm behind cleanlab's <c>count.py</c>/<c>filter.py</c>):
/// per-class thresholds, the confident joint, and from it how many labels are likely wrong.</summary>
/// <remarks>t(c) is the mean predicted probability of class c over rows labelled c. A row is confidently of class j
/// when p(j) ≥ t(j); among such classes the most probable wins, and the row counts in cell (given, j) of the
/// confident joint. Its off-diagonal share of each given class, applied to all rows of that class, is the estimated
/// number of label errors (cleanlab's "off_diagonal_calibrated" estimate): it becomes the sweep's mislabel budget,
/// so a sweep writes about as many mislabel markers as there are likely errors instead of everything above a score.</remarks>
internal static class ConfidentLearning
{
    /// <param name="probabilities">N×C predicted probabilities (out-of-fold, or neighbour shares).</param>
    /// <param name="labels">Given label id per row.</param>
    /// <param name="classes">C.</param>
    public static ConfidentJoint Count(ReadOnlySpan<float> probabilities, int[] labels, int classes)
    {
        var n = labels.Length;
        var thresholds = new float[classes];
        var sizes = new int[classes];
        for (var i = 0; i < n; i++)
        {
            thresholds[labels[i]] += probabilities[(i * classes) + labels[i]];
            sizes[labels[i]]++;
        }

        for (var c = 0; c < classes; c++)
        {
            thresholds[c] = sizes[c] > 0 ? thresholds[c] / sizes[c] : 1f;
        }

        var joint = new int[classes * classes];
        var confident = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var best = -1;
            for (var c = 0; c < classes; c++)
            {
                // cleanlab's small tolerance: a row exactly at its class's threshold is confident.
                if (row[c] >= thresholds[c] - 1e-6f && (best < 0 || row[c] > row[best]))
                {
                    best = c;
                }
            }

            confident[i] = best;
            if (best >= 0)
            {
                joint[(labels[i] * classes) + best]++;
            }
        }

        // cleanlab's "off_diagonal_calibrated": each given class's off-diagonal count scaled from the rows confident
        // of some class to all rows of that class. Rows confident of nothing (junk that is no class, a look-alike
        // split between several) are not evidence of a clean label: the plain off-diagonal sum counted them as
        // clean and so ran short of the errors it was meant to budget for.
        var errors = 0.0;
        var confidentErrors = 0;
        for (var g = 0; g < classes; g++)
        {
            int confidentRows = 0, off = 0;
            for (var t = 0; t < classes; t++)
            {
                confidentRows += joint[(g * classes) + t];
                off += g != t ? joint[(g * classes) + t] : 0;
            }

            errors += confidentRows > 0 ? (double)off * sizes[g] / confidentRows : 0;
            confidentErrors += off;
        }

        return new ConfidentJoint(classes, thresholds, joint, confident, (int)Math.Round(errors, MidpointRounding.AwayFromZero), confidentErrors);
    }

    /// <summary>Per row: how strongly the evidence says the label is wrong, in [0, 1] for self-confidence
    /// (1 − p(given)) and in [-1, 1] for the normalised margin (p(best other) − p(given)); and the best other class.</summary>
    public static (float[] Score, int[] Suggested) Rank(ReadOnlySpan<float> probabilities, int[] labels, int classes, MislabelRanking ranking)
    {
        var n = labels.Length;
        var score = new float[n];
        var suggested = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var given = labels[i];
            var best = -1;
            for (var c = 0; c < classes; c++)
            {
                if (c != given && (best < 0 || row[c] > row[best]))
                {
                    best = c;
                }
            }

            suggested[i] = best;
            var other = best >= 0 ? row[best] : 0f;
            score[i] = ranking == MislabelRanking.SelfConfidence ? 1f - row[given] : other - row[given];
        }

        return (score, suggested);
    }
}

/// <summary>How mislabel candidates are ordered (cleanlab's <c>rank_by</c>).</summary>
internal enum MislabelRanking
{
    /// <summary>1 − p(given).</summary>
    SelfConfidence,

    /// <summary>p(best other) − p(given).</summary>
    NormalizedMargin,
}

/// <summary>The confident joint of one population.</summary>
/// <param name="Classes">C.</param>
/// <param name="Thresholds">t(c), the mean p(c) over rows labelled c.</param>
/// <param name="Counts">C×C, row = given label, column = confidently predicted label.</param>
/// <param name="ConfidentLabel">Per row, the confidently predicted class, or -1 when no class reaches its threshold.</param>
/// <param name="EstimatedErrors">About how many labels are wrong: the off-diagonal count of each given class, scaled
/// from its rows confident of some class to all its rows (cleanlab's calibrated off-diagonal estimate).</param>
/// <param name="ConfidentErrors">The plain off-diagonal count (cleanlab's "off_diagonal"): rows confidently of
/// another class than their label. Never more than <paramref name="EstimatedErrors"/>.</param>
internal sealed record ConfidentJoint(int Classes, float[] Thresholds, int[] Counts, int[] ConfidentLabel, int EstimatedErrors, int ConfidentErrors)
{
    /// <summary>Whether row i is off the diagonal: some other class is confidently more likely than its label.</summary>
    public bool IsOffDiagonal(int row, int given) => ConfidentLabel[row] >= 0 && ConfidentLabel[row] != given;
}
