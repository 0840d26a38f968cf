using System.Numerics.Tensors;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Projection;

/// <summary>PCA or UMAP of prepared rows, with its trustworthiness.</summary>
internal static class Projector
{
    private const int TrustNeighbours = 15;
    private const float InitialSpread = 10f;

    public static (float[] Coordinates, double Trust) Project(
        PreparedRows rows, ProjectionOptions options, KnnGraph? graph, AnalysisLaps? laps = null, CancellationToken cancellationToken = default)
    {
        var n = rows.Count;
        if (n == 0)
        {
            return ([], double.NaN);
        }

        var layout = PcaLayout(rows, options.Seed, cancellationToken);
        laps?.Lap("plot: PCA start");
        if (options.Method == ProjectionMethod.Umap && n > 2)
        {
            if (graph is null || graph.Count != n)
            {
                graph = ExactKnn.Build(rows.Vectors, n, rows.Dimension, options.Neighbours, cancellationToken: cancellationToken);
            }

            Scale(layout, InitialSpread);
            layout = Umap.Layout(graph, layout, options.Epochs ?? Umap.EpochsFor(n), options.Seed, cancellationToken: cancellationToken);
            laps?.Lap("plot: UMAP");
        }

        var trust = Trustworthiness.OnSample(rows.Vectors, rows.Dimension, layout, n, TrustNeighbours, options.TrustworthinessSample, options.Seed, cancellationToken);
        laps?.Lap("plot: trustworthiness");
        return (layout, trust);
    }

    private static float[] PcaLayout(PreparedRows rows, int seed, CancellationToken cancellationToken)
    {
        if (rows.Dimension < 2)
        {
            var flat = new float[rows.Count * 2];
            for (var i = 0; i < rows.Count; i++)
            {
                flat[2 * i] = rows.Vectors[i];
            }

            return flat;
        }

        return Pca.Fit(rows.Vectors, rows.Count, rows.Dimension, 2, seed, cancellationToken).Transform(rows.Vectors, rows.Count, cancellationToken);
    }

    private static void Scale(float[] layout, float spread)
    {
        var largest = TensorPrimitives.MaxMagnitude<float>(layout);
        if (largest > 0)
        {
            TensorPrimitives.Multiply(layout, spread / largest, layout);
        }
    }
}
