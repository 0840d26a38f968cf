namespace LabelBridge.Analysis.Projection;

/// <summary>How to draw the 2D plot of a population.</summary>
/// <param name="Method">UMAP (clusters, slower) or PCA (instant, linear).</param>
/// <param name="Neighbours">Neighbours for the UMAP graph when no graph is passed in. Default 15.</param>
/// <param name="Epochs">UMAP epochs; null for the default: 200 up to 50,000 rows, fewer above (at least 100).</param>
/// <param name="Seed">Seed for the initial layout, negative sampling and the trustworthiness sample.</param>
/// <param name="TrustworthinessSample">Rows sampled to compute trustworthiness at k = 15. Default 2,000.</param>
public sealed record ProjectionOptions(
    ProjectionMethod Method = ProjectionMethod.Umap,
    int Neighbours = 15,
    int? Epochs = null,
    int Seed = 42,
    int TrustworthinessSample = 2000);

/// <summary>The projection algorithm.</summary>
public enum ProjectionMethod
{
    /// <summary>The first two principal components: instant, faithful to global distances, blurs clusters.</summary>
    Pca,

    /// <summary>UMAP initialised from PCA: separates clusters, so a point of the wrong colour stands out.</summary>
    Umap,
}

/// <summary>2D coordinates for the embedding plot, with a figure saying how far to trust them.</summary>
/// <param name="AnnotationKeys">Row i of <paramref name="Coordinates"/> belongs to AnnotationKeys[i].</param>
/// <param name="Coordinates">N×2: x, y per row.</param>
/// <param name="Trustworthiness">Trustworthiness at k = 15 on a sample, in [0, 1]; NaN when too few rows.
/// Above about 0.9 the plot's neighbourhoods are mostly real; below 0.8 treat it as a sketch.</param>
/// <param name="Method">The algorithm that drew it.</param>
/// <param name="Notes">Why something was left out or simplified.</param>
public sealed record Projection2D(
    IReadOnlyList<string> AnnotationKeys,
    float[] Coordinates,
    double Trustworthiness,
    ProjectionMethod Method,
    IReadOnlyList<string> Notes);
