using LabelBridge.Analysis.Neighbours;
using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Tests;

public sealed class HnswTests
{
    [Fact]
    public void Approximate_graph_finds_at_least_95_percent_of_the_exact_neighbours()
    {
        var clusters = new Clusters(dimension: 24);
        for (var c = 0; c < 12; c++)
        {
            clusters.Add($"L{c}", c, 250, spread: 0.6f);
        }

        var input = clusters.Input();
        var exact = ExactKnn.Build(input.Vectors, input.Count, input.Dimension, 10, cancellationToken: TestContext.Current.CancellationToken);

        var approximate = Hnsw.Build(input.Vectors, input.Count, input.Dimension, seed: 1, cancellationToken: TestContext.Current.CancellationToken).Neighbours(10, ef: 64, cancellationToken: TestContext.Current.CancellationToken);

        var hits = 0;
        for (var i = 0; i < input.Count; i++)
        {
            var truth = exact.NeighboursOf(i);
            foreach (var id in approximate.NeighboursOf(i))
            {
                hits += truth.Contains(id) ? 1 : 0;
            }
        }

        Assert.InRange((double)hits / exact.Indices.Length, 0.95, 1.0);
    }

    [Fact]
    public void Approximate_graph_is_the_same_for_the_same_seed()
    {
        var data = ExactKnnTests.RandomUnitRows(1500, 16, seed: 5);

        var first = Hnsw.Build(data, 1500, 16, seed: 3, cancellationToken: TestContext.Current.CancellationToken).Neighbours(5, ef: 32, cancellationToken: TestContext.Current.CancellationToken);
        var second = Hnsw.Build(data, 1500, 16, seed: 3, cancellationToken: TestContext.Current.CancellationToken).Neighbours(5, ef: 32, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Indices, second.Indices);
    }

    [Fact]
    public void At_64_dimensions_the_approximate_graph_finds_at_least_99_percent_of_the_exact_neighbours()
    {
        // One cloud, no clusters to hide in: at ef = k + 1 the same search finds only 93% (checked when this was written).
        var data = DecayingClusters(count: 6000, dimension: 64, clusters: 1, seed: 11, spread: 1f, decay: 8f);
        var exact = ExactKnn.Build(data, 6000, 64, 10, cancellationToken: TestContext.Current.CancellationToken);

        var approximate = Hnsw.Build(data, 6000, 64, m: 16, efConstruction: 100, seed: 42, cancellationToken: TestContext.Current.CancellationToken).Neighbours(10, ef: 64, cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(Recall(approximate, exact), 0.99, 1.0);
    }

    [Fact]
    public void Approximate_graph_is_the_same_on_one_thread_as_on_four()
    {
        var data = DecayingClusters(count: 4000, dimension: 32, clusters: 20, seed: 3);

        var one = Hnsw.Build(data, 4000, 32, seed: 9, maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken).Neighbours(10, ef: 40, cancellationToken: TestContext.Current.CancellationToken);
        var four = Hnsw.Build(data, 4000, 32, seed: 9, maxDegreeOfParallelism: 4, cancellationToken: TestContext.Current.CancellationToken).Neighbours(10, ef: 40, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(one.Indices, four.Indices);
        Assert.Equal(one.Similarities, four.Similarities);
    }

    [Fact]
    public void Search_from_outside_the_index_finds_the_nearest_rows_first()
    {
        var data = DecayingClusters(count: 3000, dimension: 16, clusters: 10, seed: 4);
        var index = Hnsw.Build(data, 3000, 16, seed: 1, cancellationToken: TestContext.Current.CancellationToken);
        var query = DecayingClusters(count: 1, dimension: 16, clusters: 1, seed: 99);
        var exact = Enumerable.Range(0, 3000)
            .Select(i => (Id: i, Sim: System.Numerics.Tensors.TensorPrimitives.Dot(query, data.AsSpan(i * 16, 16))))
            .OrderByDescending(p => p.Sim).Take(5).Select(p => p.Id).ToArray();

        var found = index.Search(query, ef: 64);

        Assert.Equal(64, found.Count);
        Assert.Equal(exact, found.Take(5).Select(p => p.Id).ToArray());
        Assert.True(found.Zip(found.Skip(1)).All(pair => pair.First.Sim >= pair.Second.Sim));
    }

    [Fact]
    public void Above_the_exact_limit_the_analysis_still_flags_the_intruder()
    {
        var clusters = new Clusters().Add("A", 0, 300).Add("B", 1, 300);
        clusters.AddRow("intruder", "A", clusters.RowOf("B17"));

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 5, ExactSearchLimit = 100 }, maxFindings: 100);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.Mislabel);
        Assert.Equal("intruder", finding.AnnotationKey);
        Assert.Equal("B", finding.SuggestedLabel);
    }

    private static double Recall(KnnGraph approximate, KnnGraph exact)
    {
        var hits = 0;
        for (var i = 0; i < exact.Count; i++)
        {
            var truth = exact.NeighboursOf(i);
            foreach (var id in approximate.NeighboursOf(i))
            {
                hits += truth.Contains(id) ? 1 : 0;
            }
        }

        return (double)hits / exact.Indices.Length;
    }

    // Unit rows around random centres whose spread shrinks along the later dimensions, the shape of PCA output.
    private static float[] DecayingClusters(int count, int dimension, int clusters, int seed, float spread = 0.5f, float decay = 4f)
    {
        var random = new Random(seed);
        var centres = new float[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)((random.NextDouble() * 2) - 1) / (1 + (i % dimension / decay));
        }

        var data = new float[count * dimension];
        for (var i = 0; i < count; i++)
        {
            var row = data.AsSpan(i * dimension, dimension);
            var centre = centres.AsSpan(random.Next(clusters) * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                row[d] = centre[d] + (spread * (float)((random.NextDouble() * 2) - 1) / (1 + (d / decay)));
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }

        return data;
    }
}
