using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;

namespace LabelBridge.Bench.Analysis;

/// <summary>Candidate outlier scores computed from a kNN graph, to compare with the shipped mean kNN distance.</summary>
internal static class OutlierVariants
{
    /// <summary>Cosine distance to the k-th (farthest kept) neighbour.</summary>
    public static float[] KthDistance(KnnGraph graph)
    {
        var scores = new float[graph.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            var sims = graph.SimilaritiesOf(i);
            scores[i] = sims.Length == 0 ? 0f : 1f - sims[^1];
        }

        return scores;
    }

    /// <summary>Local outlier factor (Breunig et al.): the neighbours' mean local reachability density over the row's own.</summary>
    public static float[] LocalOutlierFactor(KnnGraph graph)
    {
        var n = graph.Count;
        var kDistance = KthDistance(graph);
        var density = new float[n];
        for (var i = 0; i < n; i++)
        {
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            var sum = 0f;
            for (var j = 0; j < ids.Length; j++)
            {
                sum += MathF.Max(kDistance[ids[j]], 1f - sims[j]);
            }

            density[i] = ids.Length / MathF.Max(sum, 1e-6f);
        }

        var scores = new float[n];
        for (var i = 0; i < n; i++)
        {
            var sum = 0f;
            foreach (var id in graph.NeighboursOf(i))
            {
                sum += density[id];
            }

            scores[i] = sum / graph.NeighbourCount / density[i];
        }

        return scores;
    }

    /// <summary>The shipped combination: the larger of the project and within-class percentiles of a raw score.</summary>
    public static float[] WithClassPercentile(float[] raw, LabelIndex labels)
    {
        var score = Percentiles.Of(raw);
        for (var c = 0; c < labels.Count; c++)
        {
            if (labels.Sizes[c] < OutlierScorer.MinClassSize)
            {
                continue;
            }

            var members = Enumerable.Range(0, raw.Length).Where(i => labels.OfRow[i] == c).ToArray();
            var inClass = Percentiles.Of(members.Select(i => raw[i]).ToArray());
            for (var j = 0; j < members.Length; j++)
            {
                score[members[j]] = MathF.Max(score[members[j]], inClass[j]);
            }
        }

        return score;
    }
}
