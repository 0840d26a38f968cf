using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Tests;

public sealed class ProjectionTests
{
    private static AnalysisInput ThreeClusters() =>
        new Clusters(dimension: 16).Add("A", 0, 100, spread: 0.2f).Add("B", 5, 100, spread: 0.2f).Add("C", 10, 100, spread: 0.2f).Input();

    [Theory]
    [InlineData(ProjectionMethod.Umap)]
    [InlineData(ProjectionMethod.Pca)]
    public void Clusters_stay_apart_in_the_plot_and_the_plot_is_trustworthy(ProjectionMethod method)
    {
        var input = ThreeClusters();

        var projection = LabelAnalysis.Project(input, new ProjectionOptions(method, TrustworthinessSample: 300));

        Assert.Equal(input.AnnotationKeys, projection.AnnotationKeys);
        Assert.Equal(600, projection.Coordinates.Length);
        Assert.All(projection.Coordinates, v => Assert.True(float.IsFinite(v)));
        var centres = Enumerable.Range(0, 3).Select(c => Centre(projection.Coordinates, c * 100, 100)).ToArray();
        var spreadA = Enumerable.Range(0, 100).Average(i => Distance(projection.Coordinates, i, centres[0]));
        Assert.True(Distance(centres[0], centres[1]) > 2 * spreadA);
        Assert.True(Distance(centres[0], centres[2]) > 2 * spreadA);
        Assert.InRange(projection.Trustworthiness, 0.85, 1.0);
    }

    [Fact]
    public void Same_seed_gives_the_same_layout_and_another_seed_a_different_one()
    {
        var input = ThreeClusters();

        var first = LabelAnalysis.Project(input, new ProjectionOptions(Epochs: 50, Seed: 1));
        var second = LabelAnalysis.Project(input, new ProjectionOptions(Epochs: 50, Seed: 1));
        var third = LabelAnalysis.Project(input, new ProjectionOptions(Epochs: 50, Seed: 2));

        Assert.Equal(first.Coordinates, second.Coordinates);
        Assert.NotEqual(first.Coordinates, third.Coordinates);
    }

    [Fact]
    public void Layout_is_the_same_on_one_thread_as_on_many()
    {
        var input = new Clusters(dimension: 16).Add("A", 0, 700, spread: 0.3f).Add("B", 5, 700, spread: 0.3f).Input();
        var count = input.AnnotationKeys.Count;
        var graph = ExactKnn.Build(input.Vectors, count, input.Dimension, 15, cancellationToken: TestContext.Current.CancellationToken);
        var initial = Pca.Fit(input.Vectors, count, input.Dimension, 2, 1, cancellationToken: TestContext.Current.CancellationToken).Transform(input.Vectors, count, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(count > 2 * Umap.BlockSize);

        var single = Umap.Layout(graph, initial, epochs: 40, seed: 3, maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken);
        var parallel = Umap.Layout(graph, initial, epochs: 40, seed: 3, maxDegreeOfParallelism: 8, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(single, parallel);
    }

    [Fact]
    public void Analysis_graph_is_reused_for_the_layout()
    {
        var input = ThreeClusters();
        var analysis = LabelAnalysis.Analyze(input, Clusters.Thresholds, maxFindings: 10);

        var projection = LabelAnalysis.Project(input, new ProjectionOptions(Epochs: 100), analysis.Neighbours);

        Assert.InRange(projection.Trustworthiness, 0.8, 1.0);
    }

    [Fact]
    public void Tiny_population_gets_coordinates_and_a_note_instead_of_a_figure()
    {
        var input = new Clusters().Add("A", 0, 2).Input();

        var projection = LabelAnalysis.Project(input, new ProjectionOptions());

        Assert.Equal(4, projection.Coordinates.Length);
        Assert.True(double.IsNaN(projection.Trustworthiness));
        Assert.Single(projection.Notes);
    }

    private static (double X, double Y) Centre(float[] xy, int start, int count) =>
        (Enumerable.Range(start, count).Average(i => xy[2 * i]), Enumerable.Range(start, count).Average(i => xy[(2 * i) + 1]));

    private static double Distance(float[] xy, int row, (double X, double Y) point) => Distance((xy[2 * row], xy[(2 * row) + 1]), point);

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
