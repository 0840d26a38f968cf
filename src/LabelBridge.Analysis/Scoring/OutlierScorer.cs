using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Scoring;

/// <summary>Outlier scores: mean cosine distance to the k neighbours, as a percentile in the project and in the class.</summary>
/// <remarks>The score is the larger of the two percentiles, so a point that is ordinary for the project but far
/// from its own class still stands out. Classes smaller than <see cref="MinClassSize"/> use the project
/// percentile only: the top of a three-member class says nothing.</remarks>
internal static class OutlierScorer
{
    public const int MinClassSize = 5;

    public static OutlierScores Score(KnnGraph graph, LabelIndex labels)
    {
        var n = graph.Count;
        var distance = new float[n];
        for (var i = 0; i < n; i++)
        {
            var sims = graph.SimilaritiesOf(i);
            var ids = graph.NeighboursOf(i);
            var sum = 0f;
            var count = 0;
            for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
            {
                sum += 1f - sims[j];
                count++;
            }

            distance[i] = count > 0 ? sum / count : 0f;
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

        return new OutlierScores(distance, project, score);
    }
}

/// <summary>Outlier evidence per row.</summary>
/// <param name="MeanDistance">Mean cosine distance to the k neighbours.</param>
/// <param name="ProjectPercentile">Share of the project's rows at or below this distance.</param>
/// <param name="Score">The larger of the project and class percentiles.</param>
internal sealed record OutlierScores(float[] MeanDistance, float[] ProjectPercentile, float[] Score);
