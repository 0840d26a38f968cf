using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Outlier scores: mean cosine distance to the nearest neighbours, as a percentile in the project and in the class.</summary>
/// <remarks>The mean runs over up to <see cref="NeighbourCount"/> neighbours, not just the analysis's k: junk crops
/// often come in groups (the same smudge, the same background) that are each other's k nearest, and only a wider
/// neighbourhood sees past the group. On Fashion-MNIST with 210 injected non-fashion patches (five kinds, 42 of
/// each) this lifted AUROC from 0.80 to 0.88 on raw pixels, from 0.73 to 0.80 on PCA-64 and from 0.79 to 0.998 on the
/// default model's embeddings (bench/RESULTS.md).
/// The width is capped by the row's own class size (less one), never below k, so the members of a small, tight
/// class are not made distant by neighbours from other classes that a wider search must reach.
/// The score is the larger of the project and class percentiles, so a point that is ordinary for the project but
/// far from its own class still stands out. Classes smaller than <see cref="MinClassSize"/> use the project
/// percentile only: the top of a three-member class says nothing.
/// Above the exact-search limit the neighbours are found on principal components but their distances are the full
/// vectors' (<see cref="FullDimensionRescore"/>): on the components alone, junk that differs from the project only in
/// the dropped directions looks ordinary (Fashion-MNIST with the patches, default model: AUROC 0.675 on the components,
/// 0.997 re-measured, 0.998 on the full-dimension path; pixels 0.817, 0.900, 0.877; bench/RESULTS.md).</remarks>
internal static class OutlierScorer
{
    public const int MinClassSize = 5;

    /// <summary>The widest neighbourhood averaged; the analysis searches at least this many neighbours.</summary>
    public const int NeighbourCount = 50;

    /// <param name="graph">Neighbours, searched to <see cref="NeighbourCount"/> where the data allows.</param>
    /// <param name="labels">The rows' labels.</param>
    /// <param name="floor">The analysis's k: every row averages at least this many neighbours (or all it has).</param>
    public static OutlierScores Score(KnnGraph graph, LabelIndex labels, int floor)
    {
        var n = graph.Count;
        var distance = new float[n];
        var averaged = new int[n];
        for (var i = 0; i < n; i++)
        {
            var sims = graph.SimilaritiesOf(i);
            var ids = graph.NeighboursOf(i);
            var reach = Math.Min(ids.Length, Math.Max(floor, labels.Sizes[labels.OfRow[i]] - 1));
            var sum = 0f;
            var count = 0;
            for (var j = 0; j < reach && ids[j] >= 0; j++)
            {
                sum += 1f - sims[j];
                count++;
            }

            distance[i] = count > 0 ? sum / count : 0f;
            averaged[i] = count;
        }

        var project = Percentiles.Of(distance);
        var score = (float[])project.Clone();
        for (var c = 0; c < labels.Count; c++)
        {
            if (labels.Sizes[c] < MinClassSize)
            {
                continue;
            }

            var members = new int[labels.Sizes[c]];
            var values = new float[members.Length];
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                if (labels.OfRow[i] == c)
                {
                    members[m] = i;
                    values[m++] = distance[i];
                }
            }

            var inClass = Percentiles.Of(values);
            for (var j = 0; j < members.Length; j++)
            {
                score[members[j]] = MathF.Max(score[members[j]], inClass[j]);
            }
        }

        return new OutlierScores(distance, averaged, project, score);
    }
}

/// <summary>Outlier evidence per row.</summary>
/// <param name="MeanDistance">Mean cosine distance to the averaged neighbours.</param>
/// <param name="Averaged">How many neighbours the mean ran over.</param>
/// <param name="ProjectPercentile">Share of the project's rows at or below this distance.</param>
/// <param name="Score">The larger of the project and class percentiles.</param>
internal sealed record OutlierScores(float[] MeanDistance, int[] Averaged, float[] ProjectPercentile, float[] Score);
