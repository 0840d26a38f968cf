using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Scoring;

/// <summary>How neighbours vote for a row's label.</summary>
internal enum NeighbourWeighting
{
    /// <summary>Each neighbour weighs its cosine similarity (DESIGN §6).</summary>
    Similarity,

    /// <summary>Each neighbour weighs exp(-(d - d₁)/σ) with σ the row's own mean distance gap, so the closest
    /// neighbours count most even where all similarities are high (raw pixels, dense clusters).</summary>
    LocalKernel,
}

/// <summary>Mislabel scores from the neighbour label distribution, confident-learning style.</summary>
/// <remarks>p(c) is the weighted share of a row's neighbours labelled c (exact duplicates of the row left out).
/// A class's threshold t(c) is the mean p(c) over rows labelled c. With class adjustment on, p(c)/t(c) is
/// renormalised before comparing classes, so a class that is naturally mixed (Shirt) does not look mislabelled
/// just for being mixed. A row is suspected when p(given) &lt; t(given) and another class beats the given one;
/// the score is mostly self-confidence 1 − p(given), with a fifth of the margin p(best other) − p(given) mixed in
/// to order the many rows that have no neighbour of their own class. That mix beat both pure scores and the plain
/// kNN-disagreement baseline on both kinds of injected noise (bench/RESULTS.md).</remarks>
internal sealed class MislabelScorer
{
    private const float ExactDuplicate = 1f - 1e-6f;

    /// <param name="weighting">How neighbours vote.</param>
    /// <param name="classAdjusted">Divide each class's share by its threshold before comparing classes.</param>
    /// <param name="marginWeight">0 ranks by self-confidence 1 − p(given); 1 by the margin p(best other) − p(given);
    /// in between, the margin mostly breaks the ties of self-confidence (rows with no neighbour of their own class).</param>
    public MislabelScorer(NeighbourWeighting weighting, bool classAdjusted, float marginWeight)
    {
        Weighting = weighting;
        ClassAdjusted = classAdjusted;
        MarginWeight = marginWeight;
    }

    /// <summary>The default, chosen by the Fashion-MNIST quality bench (bench/RESULTS.md).</summary>
    public static MislabelScorer Default { get; } = new(NeighbourWeighting.Similarity, classAdjusted: false, marginWeight: 0.2f);

    public NeighbourWeighting Weighting { get; }

    public bool ClassAdjusted { get; }

    public float MarginWeight { get; }

    /// <summary>Per row: the margin in [-1, 1] (positive: another class wins), the winning other class, and whether it is suspected.</summary>
    public MislabelScores Score(KnnGraph graph, LabelIndex labels)
    {
        var n = graph.Count;
        var k = graph.NeighbourCount;
        var classes = labels.Count;
        var pGiven = new float[n];
        Span<int> voteIds = stackalloc int[Math.Max(k, 1)];
        Span<float> votes = stackalloc float[Math.Max(k, 1)];
        for (var i = 0; i < n; i++)
        {
            var used = Vote(graph, labels, i, voteIds, votes);
            pGiven[i] = Share(voteIds[..used], votes[..used], labels.OfRow[i]);
        }

        var thresholds = new float[classes];
        for (var i = 0; i < n; i++)
        {
            thresholds[labels.OfRow[i]] += pGiven[i];
        }

        for (var c = 0; c < classes; c++)
        {
            thresholds[c] = labels.Sizes[c] > 0 ? thresholds[c] / labels.Sizes[c] : 0f;
        }

        var margin = new float[n];
        var suggested = new int[n];
        var suspected = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var given = labels.OfRow[i];
            var used = Vote(graph, labels, i, voteIds, votes);
            if (ClassAdjusted)
            {
                Adjust(voteIds[..used], votes[..used], thresholds);
            }

            var best = -1;
            var bestShare = 0f;
            var givenShare = 0f;
            for (var v = 0; v < used; v++)
            {
                if (voteIds[v] == given)
                {
                    givenShare = votes[v];
                }
                else if (votes[v] > bestShare || (votes[v] == bestShare && best >= 0 && voteIds[v] < best))
                {
                    best = voteIds[v];
                    bestShare = votes[v];
                }
            }

            margin[i] = used == 0 ? 0f : ((1f - MarginWeight) * (1f - givenShare)) + (MarginWeight * (bestShare - givenShare));
            suggested[i] = best;
            suspected[i] = used > 0 && best >= 0 && pGiven[i] < thresholds[given] && bestShare > givenShare;
        }

        return new MislabelScores(margin, suggested, suspected, thresholds);
    }

    /// <summary>N×C neighbour label shares: the kNN's class probabilities for confident learning. A row whose
    /// neighbours are all its exact duplicates has no evidence and gets the uniform distribution.</summary>
    public float[] Shares(KnnGraph graph, LabelIndex labels)
    {
        var n = graph.Count;
        var classes = labels.Count;
        var shares = new float[n * classes];
        Span<int> voteIds = stackalloc int[Math.Max(graph.NeighbourCount, 1)];
        Span<float> votes = stackalloc float[Math.Max(graph.NeighbourCount, 1)];
        for (var i = 0; i < n; i++)
        {
            var row = shares.AsSpan(i * classes, classes);
            var used = Vote(graph, labels, i, voteIds, votes);
            if (used == 0)
            {
                row.Fill(1f / classes);
                continue;
            }

            for (var v = 0; v < used; v++)
            {
                row[voteIds[v]] = votes[v];
            }
        }

        return shares;
    }

    /// <summary>Accumulates normalised votes per label into the spans; returns how many distinct labels voted.</summary>
    private int Vote(KnnGraph graph, LabelIndex labels, int row, Span<int> voteIds, Span<float> votes)
    {
        var ids = graph.NeighboursOf(row);
        var sims = graph.SimilaritiesOf(row);
        var count = 0;
        while (count < ids.Length && ids[count] >= 0)
        {
            count++;
        }

        var first = 0;
        while (first < count && sims[first] >= ExactDuplicate)
        {
            first++;
        }

        if (first == count)
        {
            return 0;
        }

        var scale = 1f;
        if (Weighting == NeighbourWeighting.LocalKernel)
        {
            var gaps = 0f;
            for (var j = first; j < count; j++)
            {
                gaps += sims[first] - sims[j];
            }

            scale = gaps / (count - first);
        }

        var used = 0;
        var total = 0f;
        for (var j = first; j < count; j++)
        {
            var weight = Weighting == NeighbourWeighting.Similarity
                ? MathF.Max(sims[j], 1e-3f)
                : scale > 1e-9f ? MathF.Exp(-(sims[first] - sims[j]) / scale) : 1f;
            var label = labels.OfRow[ids[j]];
            var slot = voteIds[..used].IndexOf(label);
            if (slot < 0)
            {
                slot = used++;
                voteIds[slot] = label;
                votes[slot] = 0f;
            }

            votes[slot] += weight;
            total += weight;
        }

        for (var v = 0; v < used; v++)
        {
            votes[v] /= total;
        }

        return used;
    }

    private static void Adjust(Span<int> voteIds, Span<float> votes, float[] thresholds)
    {
        var total = 0f;
        for (var v = 0; v < votes.Length; v++)
        {
            votes[v] /= MathF.Max(thresholds[voteIds[v]], 1e-3f);
            total += votes[v];
        }

        for (var v = 0; v < votes.Length; v++)
        {
            votes[v] /= total;
        }
    }

    private static float Share(ReadOnlySpan<int> voteIds, ReadOnlySpan<float> votes, int label)
    {
        var slot = voteIds.IndexOf(label);
        return slot < 0 ? 0f : votes[slot];
    }
}

/// <summary>Mislabel evidence per row.</summary>
/// <param name="Score">The ranking score in [-1, 1]: self-confidence and margin mixed by the margin weight.</param>
/// <param name="Suggested">The best other class's label id, or -1 when no neighbour has another label.</param>
/// <param name="Suspected">Given-class share below its class threshold and beaten by another class.</param>
/// <param name="Thresholds">Per-class confident-learning thresholds t(c).</param>
internal sealed record MislabelScores(float[] Score, int[] Suggested, bool[] Suspected, float[] Thresholds);
