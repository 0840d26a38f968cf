using LabelBridge.Analysis.Vectors;

namespace LabelBridge.Analysis.Tests;

public sealed class PcaTests
{
    [Fact]
    public void Components_follow_the_directions_of_largest_spread()
    {
        const int count = 2000, dimension = 6;
        var random = new Random(3);
        var data = new float[count * dimension];
        var spreads = new[] { 1f, 9f, 0.5f, 4f, 0.2f, 0.1f };
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < dimension; d++)
            {
                data[(i * dimension) + d] = 5f + (spreads[d] * (float)((random.NextDouble() * 2) - 1));
            }
        }

        var pca = Pca.Fit(data, count, dimension, componentCount: 3, seed: 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(pca.Components[1], 0.999f, 1.001f);
        Assert.InRange(pca.Components[dimension + 3], 0.999f, 1.001f);
        Assert.InRange(pca.Components[(2 * dimension) + 0], 0.99f, 1.001f);
        var projected = pca.Transform(data, count, cancellationToken: TestContext.Current.CancellationToken);
        var meanFirst = Enumerable.Range(0, count).Average(i => projected[i * 3]);
        Assert.InRange(meanFirst, -0.01, 0.01);
    }

    [Fact]
    public void Same_seed_gives_the_same_components()
    {
        var data = ExactKnnTests.RandomUnitRows(500, 20, seed: 9);

        var first = Pca.Fit(data, 500, 20, 5, seed: 4, cancellationToken: TestContext.Current.CancellationToken);
        var second = Pca.Fit(data, 500, 20, 5, seed: 4, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Components, second.Components);
    }
}
