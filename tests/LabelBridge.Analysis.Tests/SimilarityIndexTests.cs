using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Tests;

public sealed class SimilarityIndexTests
{
    [Fact]
    public void Exact_answers_are_the_rows_of_the_exact_knn_graph_with_their_similarities_never_the_query_itself()
    {
        var data = ExactKnnTests.RandomUnitRows(3000, 32, seed: 11);
        var graph = ExactKnn.Build(data, 3000, 32, 25, cancellationToken: TestContext.Current.CancellationToken);
        var index = SimilarityIndex.Create(data, 3000, 32, exactLimit: 50_000, seed: 1);

        Assert.Equal("exact", index.Method);
        Assert.False(index.IsApproximate);
        foreach (var row in new[] { 0, 17, 1499, 2999 })
        {
            var nearest = index.Nearest(row, 25);
            Assert.Equal(graph.NeighboursOf(row).ToArray(), nearest.Select(n => n.Row).ToArray());
            for (var j = 0; j < nearest.Count; j++)
            {
                Assert.Equal(graph.SimilaritiesOf(row)[j], nearest[j].Similarity, 1e-5f);
            }

            Assert.DoesNotContain(nearest, n => n.Row == row);
        }
    }

    [Fact]
    public async Task Above_the_exact_limit_the_hnsw_index_answers_once_built_and_finds_at_least_95_percent_of_the_exact_answer()
    {
        var clusters = new Clusters(dimension: 24);
        for (var c = 0; c < 10; c++)
        {
            clusters.Add($"L{c}", c, 300, spread: 0.6f);
        }

        var input = clusters.Input();
        var exact = SimilarityIndex.Create(input.Vectors, input.Count, input.Dimension, exactLimit: int.MaxValue, seed: 1);
        var approximate = SimilarityIndex.Create(input.Vectors, input.Count, input.Dimension, exactLimit: 1000, seed: 1);

        Assert.True(approximate.IsApproximate);
        await approximate.WhenApproximateReadyAsync(TestContext.Current.CancellationToken);
        Assert.Equal("hnsw", approximate.Method);
        var (hits, total) = (0, 0);
        for (var row = 0; row < input.Count; row += 37)
        {
            var truth = exact.Nearest(row, 20).Select(n => n.Row).ToHashSet();
            var found = approximate.Nearest(row, 20);
            Assert.DoesNotContain(found, n => n.Row == row);
            Assert.Equal(found.OrderByDescending(n => n.Similarity).Select(n => n.Similarity), found.Select(n => n.Similarity));
            hits += found.Count(n => truth.Contains(n.Row));
            total += truth.Count;
        }

        Assert.InRange((double)hits / total, 0.95, 1.0);
    }

    [Fact]
    public void A_request_for_more_rows_than_there_are_returns_every_other_row()
    {
        var data = ExactKnnTests.RandomUnitRows(4, 8, seed: 2);
        var index = SimilarityIndex.Create(data, 4, 8, exactLimit: 10, seed: 1);

        Assert.Equal(3, index.Nearest(2, 100).Count);
        Assert.Empty(SimilarityIndex.Create(data, 1, 8, exactLimit: 10, seed: 1).Nearest(0, 5));
    }
}
