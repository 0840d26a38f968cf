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
        var exact = ExactKnn.Build(input.Vectors, input.Count, input.Dimension, 10);

        var approximate = Hnsw.Build(input.Vectors, input.Count, input.Dimension, seed: 1).Neighbours(10, ef: 64);

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

        var first = Hnsw.Build(data, 1500, 16, seed: 3).Neighbours(5, ef: 32);
        var second = Hnsw.Build(data, 1500, 16, seed: 3).Neighbours(5, ef: 32);

        Assert.Equal(first.Indices, second.Indices);
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
}
