using LabelBridge.Analysis.Neighbours;

namespace LabelBridge.Analysis.Tests;

public sealed class ExactKnnTests
{
    internal static float[] RandomUnitRows(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * dimension];
        for (var i = 0; i < count; i++)
        {
            var row = data.AsSpan(i * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                row[d] = (float)((random.NextDouble() * 2) - 1);
            }

            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }

        return data;
    }

    [Theory]
    [InlineData(300, 37, 7)]
    [InlineData(517, 64, 10)]
    [InlineData(5, 3, 10)]
    [InlineData(1030, 16, 15)]
    [InlineData(301, 129, 5)]
    [InlineData(400, 200, 10)]
    public void Exact_search_matches_brute_force(int count, int dimension, int k)
    {
        var data = RandomUnitRows(count, dimension, seed: count);

        var graph = ExactKnn.Build(data, count, dimension, k, cancellationToken: TestContext.Current.CancellationToken);

        var expectedK = Math.Min(k, count - 1);
        Assert.Equal(expectedK, graph.NeighbourCount);
        for (var i = 0; i < count; i++)
        {
            var expected = Enumerable.Range(0, count).Where(j => j != i)
                .Select(j => (Id: j, Sim: Dot(data, dimension, i, j)))
                .OrderByDescending(p => p.Sim).Take(expectedK).ToList();
            var sims = graph.SimilaritiesOf(i).ToArray();
            var ids = graph.NeighboursOf(i).ToArray();
            Assert.DoesNotContain(i, ids);
            for (var j = 0; j < expectedK; j++)
            {
                Assert.InRange(sims[j], expected[j].Sim - 1e-5f, expected[j].Sim + 1e-5f);
                Assert.InRange(Dot(data, dimension, i, ids[j]), sims[j] - 1e-5f, sims[j] + 1e-5f);
            }
        }
    }

    [Fact]
    public void Equal_similarities_are_kept_lowest_id_first_whatever_the_block_or_lane()
    {
        // 30 distinct rows, each repeated 11 times, interleaved: a row's 10 copies tie at the top, and the next group's
        // 11 rows tie after them across base blocks and vector lanes; the heap keeps the lowest ids of a tie. Low
        // dimension: the panel kernel computes every base row the same way, so copies tie exactly (the row-wise kernel
        // above 128 dimensions sums a block's last rows in another order, and copies can differ in the last bit).
        const int dimension = 16;
        const int groups = 30;
        const int count = groups * 11;
        var distinct = RandomUnitRows(groups, dimension, seed: dimension);
        var data = new float[count * dimension];
        for (var i = 0; i < count; i++)
        {
            distinct.AsSpan((i % groups) * dimension, dimension).CopyTo(data.AsSpan(i * dimension, dimension));
        }

        var graph = ExactKnn.Build(data, count, dimension, 13, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < count; i++)
        {
            var ids = graph.NeighboursOf(i).ToArray();
            var copies = Enumerable.Range(0, 11).Select(c => (c * groups) + (i % groups)).Where(j => j != i).ToArray();
            Assert.Equal(copies, ids[..10]);
            var next = ids[10] % groups;
            Assert.NotEqual(i % groups, next);
            Assert.Equal(new[] { next, next + groups, next + (2 * groups) }, ids[10..]);
        }
    }

    private static float Dot(float[] data, int dimension, int a, int b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(data.AsSpan(a * dimension, dimension), data.AsSpan(b * dimension, dimension));
}
