using LabelBridge.Core.Findings;

namespace LabelBridge.Core.Thresholds;

/// <summary>Everything one population's analysis could report at any mislabel or outlier threshold, kept with the
/// sweep so the findings of another threshold are composed by the same code the sweep used, without a new analysis.</summary>
/// <remarks>The analysis itself composes its findings through <see cref="Compose"/>, so "what a preview says a threshold
/// writes" and "what a sweep with that threshold writes" cannot drift apart. Only the two score thresholds vary; the
/// other findings (geometry, duplicate conflicts) do not depend on them and are kept as they are.</remarks>
/// <param name="Geometry">Geometry findings.</param>
/// <param name="Outliers">Every row that some outlier threshold would report, farthest first; see
/// <see cref="OutlierCandidates"/>.</param>
/// <param name="OutlierBudget">At most this many outliers are reported (the contamination share), farthest first.</param>
/// <param name="Mislabels">The analysis's ranked walk over mislabel scores, cut where it reaches the estimated number of label
/// errors: rows whose evidence prefers another class carry their finding; between them, the lowest score of the rows the
/// walk passes over (unsure, not contradicted) with no finding, because the walk stops at the first score below the
/// threshold whichever row it is on. A threshold reports the findings before the first score below it.</param>
/// <param name="Duplicates">Duplicate-conflict findings.</param>
/// <param name="MislabelScores">Distribution of every analysed row's mislabel score.</param>
/// <param name="OutlierScores">Distribution of every analysed row's outlier score.</param>
/// <param name="Calibrated">Mislabel scores are calibrated probabilities of a wrong label (the injected-flip trial ran).</param>
public sealed record ThresholdCandidates(
    IReadOnlyList<Finding> Geometry,
    IReadOnlyList<ScoredCandidate> Outliers,
    int OutlierBudget,
    IReadOnlyList<ScoredCandidate> Mislabels,
    IReadOnlyList<Finding> Duplicates,
    ScoreHistogram MislabelScores,
    ScoreHistogram OutlierScores,
    bool Calibrated)
{
    public static ThresholdCandidates OnlyGeometry(IReadOnlyList<Finding> geometry) =>
        new(geometry, [], 0, [], [], ScoreHistogram.Empty, ScoreHistogram.Empty, false);

    /// <summary>The mislabel candidates reported at <paramref name="minScore"/>.</summary>
    public IEnumerable<ScoredCandidate> MislabelsAt(double minScore)
    {
        foreach (var candidate in Mislabels)
        {
            if (candidate.Score < minScore)
            {
                yield break;
            }

            if (candidate.Finding is not null)
            {
                yield return candidate;
            }
        }
    }

    /// <summary>The outlier candidates reported at <paramref name="minScore"/>: the farthest that pass it, within the budget.</summary>
    public IEnumerable<ScoredCandidate> OutliersAt(double minScore) => Outliers.Where(c => c.Score >= minScore).Take(OutlierBudget);

    /// <summary>The findings at these thresholds: one per annotation (merged), worst first, before dismissals and the
    /// per-sweep cap.</summary>
    public IReadOnlyList<Finding> Compose(double mislabelMinScore, double outlierMinScore)
    {
        // The order the analysis has always added them in: geometry, outliers, mislabels, duplicate conflicts.
        var findings = new List<Finding>(Geometry);
        findings.AddRange(OutliersAt(outlierMinScore).Select(c => c.Finding!));
        findings.AddRange(MislabelsAt(mislabelMinScore).Select(c => c.Finding!));
        findings.AddRange(Duplicates);
        var merged = new List<Finding>(FindingMerger.Merge(findings));
        merged.Sort(WorstFirst);
        return merged;
    }

    /// <summary>A project's findings from its populations' candidates (objects, then image-level labels), worst first:
    /// what the sweep's analysis stage reports, before dismissals and the per-sweep cap.</summary>
    public static IReadOnlyList<Finding> ComposeAll(IEnumerable<ThresholdCandidates> populations, double mislabelMinScore, double outlierMinScore)
    {
        ArgumentNullException.ThrowIfNull(populations);
        // A stable sort on the score alone: populations never share an annotation, and within one the order is total.
        return [.. populations.SelectMany(p => p.Compose(mislabelMinScore, outlierMinScore)).OrderByDescending(f => f.Score)];
    }

    /// <summary>Score descending, then kind, then annotation key: a total order, the same on every machine.</summary>
    public static int WorstFirst(Finding a, Finding b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byKind = a.Kind.CompareTo(b.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.AnnotationKey, b.AnnotationKey);
    }
}

/// <summary>A finding with the unrounded score its threshold is compared with; no finding for a row the mislabel walk
/// passes over (see <see cref="ThresholdCandidates.Mislabels"/>).</summary>
public sealed record ScoredCandidate(Finding? Finding, double Score);

/// <summary>Counts of scores in equal-width bins over [0, 1]; bin i holds [i/n, (i+1)/n), the last also 1.</summary>
public sealed record ScoreHistogram(int[] Counts)
{
    public const int DefaultBins = 20;

    public static ScoreHistogram Empty { get; } = new([]);

    public static ScoreHistogram Of(ReadOnlySpan<float> scores, int bins = DefaultBins)
    {
        var counts = new int[bins];
        foreach (var score in scores)
        {
            if (float.IsFinite(score))
            {
                counts[Math.Clamp((int)(score * bins), 0, bins - 1)]++;
            }
        }

        return new ScoreHistogram(counts);
    }

    /// <summary>Adds two histograms of the same bins (the two populations of a project).</summary>
    public ScoreHistogram Plus(ScoreHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Counts.Length == 0)
        {
            return other;
        }

        if (other.Counts.Length == 0)
        {
            return this;
        }

        var sum = (int[])Counts.Clone();
        for (var i = 0; i < Math.Min(sum.Length, other.Counts.Length); i++)
        {
            sum[i] += other.Counts[i];
        }

        return new ScoreHistogram(sum);
    }
}

/// <summary>Which rows some outlier threshold would report.</summary>
public static class OutlierCandidates
{
    /// <summary>The rows, in <paramref name="farthestFirst"/> order, that are reported at some threshold: a row is reported
    /// at threshold t when its score passes t and fewer than <paramref name="budget"/> rows before it pass t, so it is
    /// reported at any t exactly when it is at t = its own score; at that t the rows before it that pass are those scoring
    /// at least as high.</summary>
    /// <returns>Indexes into <paramref name="farthestFirst"/>, in order.</returns>
    public static IReadOnlyList<int> Select(IReadOnlyList<double> farthestFirst, int budget)
    {
        ArgumentNullException.ThrowIfNull(farthestFirst);
        var kept = new List<int>();
        if (budget <= 0 || farthestFirst.Count == 0)
        {
            return kept;
        }

        // A Fenwick tree over score ranks counts the earlier rows scoring at least as high in O(log n).
        var distinct = farthestFirst.Where(double.IsFinite).Distinct().Order().ToArray();
        var tree = new int[distinct.Length + 1];
        for (var i = 0; i < farthestFirst.Count; i++)
        {
            var score = farthestFirst[i];
            if (!double.IsFinite(score))
            {
                continue;
            }

            var rank = Array.BinarySearch(distinct, score);
            // Earlier rows with a rank >= this one = all earlier rows counted − those ranked below.
            if (Count(tree, distinct.Length) - Count(tree, rank) < budget)
            {
                kept.Add(i);
            }

            for (var r = rank + 1; r < tree.Length; r += r & -r)
            {
                tree[r]++;
            }
        }

        return kept;
    }

    private static int Count(int[] tree, int ranksBelow)
    {
        var sum = 0;
        for (var r = ranksBelow; r > 0; r -= r & -r)
        {
            sum += tree[r];
        }

        return sum;
    }
}
