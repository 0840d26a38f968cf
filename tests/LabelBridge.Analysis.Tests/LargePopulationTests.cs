using System.Runtime.CompilerServices;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Analysis.Tests;

/// <summary>Above the exact-search limit the analysis runs on the embeddings' top principal components, and a
/// population's vectors are read where the embedding set holds them.</summary>
public sealed class LargePopulationTests
{
    [Fact]
    public void Above_the_exact_limit_wide_vectors_are_analysed_on_their_principal_components_and_the_intruder_is_still_flagged()
    {
        var clusters = new Clusters(dimension: 96).Add("A", 0, 200).Add("B", 1, 200).Add("C", 2, 200);
        clusters.AddRow("intruder", "A", clusters.RowOf("B17"));

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 5, ExactSearchLimit = 100 }, 100, null, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(LabelAnalysis.ReducedDimension, result.Rows!.Dimension);
        Assert.Contains(result.Notes, n => n.Contains("top 64 principal components (of 96 dimensions)", StringComparison.Ordinal));
        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.Mislabel);
        Assert.Equal("intruder", finding.AnnotationKey);
        Assert.Equal("B", finding.SuggestedLabel);
    }

    [Fact]
    public void Above_the_exact_limit_junk_that_differs_only_in_the_dropped_components_is_still_an_outlier()
    {
        // 96 dimensions: four classes around centres in the first 64, with noise there and almost none in the last 32.
        // Three junk rows sit among a class but carry energy in the last 32, in directions too rare to earn one of the
        // top 64 principal components: on the components they look like ordinary members, only the full vectors show them.
        var random = new Random(11);
        var clusters = new Clusters(dimension: 96);
        var centres = Enumerable.Range(0, 4).Select(_ => Gaussian(random, 64, 1f / 8f)).ToArray();
        for (var i = 0; i < 1000; i++)
        {
            clusters.AddRow($"row{i}", $"C{i % 4}", Member(random, centres[i % 4], dropped: 0.0005f));
        }

        for (var j = 0; j < 3; j++)
        {
            var junk = Member(random, centres[j], dropped: 0f);
            var residual = Gaussian(random, 32, 1f);
            var norm = MathF.Sqrt(residual.Sum(v => v * v));
            for (var d = 0; d < 32; d++)
            {
                junk[64 + d] = 0.3f * residual[d] / norm;
            }

            clusters.AddRow($"junk{j}", $"C{j}", junk);
        }

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 5, ExactSearchLimit = 500 }, 1000, null, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(LabelAnalysis.ReducedDimension, result.Rows!.Dimension);
        // Without the full-dimension distances none of the three was among the outliers (the test failed so).
        var outliers = result.Findings.Where(f => f.Kind == FindingKind.Outlier).Select(f => f.AnnotationKey);
        Assert.Equal(["junk0", "junk1", "junk2"], outliers.Where(k => k.StartsWith("junk", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Above_the_exact_limit_the_mislabel_classifier_learns_from_the_full_vectors()
    {
        // 96 dimensions: label-blind noise in the first 64 (variance 0.01 each), the label only in dimension 64 (±0.05,
        // variance 0.0025), too little variance to earn one of the top 64 principal components. On the components the
        // two labels are indistinguishable; the full vectors separate them. Ten rows carry B's signal but are labelled A.
        var random = new Random(5);
        var clusters = new Clusters(dimension: 96);
        for (var i = 0; i < 1000; i++)
        {
            var isPlanted = i % 100 == 7;
            var signal = i % 2 == 0 ? 1f : -1f;
            var label = (signal > 0) != isPlanted ? "A" : "B";
            clusters.AddRow(isPlanted ? $"planted{i}" : $"row{i}", label, Row(random, signal));
        }

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 5, ExactSearchLimit = 100, MislabelMinScore = 0 }, 1000, null, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(LabelAnalysis.ReducedDimension, result.Rows!.Dimension);
        // The score cut is off (the calibration is not under test): the findings are the ranking's top, up to the
        // estimated number of errors. With the classifier on the 64 components the planted rows were not told apart
        // from the rest: this failed so.
        var mislabels = result.Findings.Where(f => f.Kind == FindingKind.Mislabel).ToList();
        var planted = mislabels.Where(f => f.AnnotationKey.StartsWith("planted", StringComparison.Ordinal)).ToList();
        Assert.True(planted.Count >= 8, $"{planted.Count} of the 10 planted rows among {mislabels.Count} mislabel findings");
        Assert.All(planted, f => Assert.Equal("B", f.SuggestedLabel));
        Assert.True(mislabels.Count <= 12, $"{mislabels.Count} mislabel findings for 10 planted");
    }

    /// <summary>A row of the mislabel test: noise 0.1 in the first 64 dimensions, <paramref name="signal"/> × 0.05 in
    /// dimension 64, noise 0.002 in the last 31.</summary>
    private static float[] Row(Random random, float signal)
    {
        var row = new float[96];
        Gaussian(random, 64, 0.1f).CopyTo(row, 0);
        row[64] = (0.05f * signal) + Gaussian(random, 1, 0.002f)[0];
        Gaussian(random, 31, 0.002f).CopyTo(row, 65);
        return row;
    }

    [Fact]
    public void Re_measured_neighbours_carry_full_dimension_cosines_most_similar_first()
    {
        // Rows need not be unit length; row 0's reduced neighbours are listed in the wrong order on purpose.
        float[] vectors = [2f, 0f, 0f, /* 1 */ 0f, 3f, 0f, /* 2 */ 1f, 1f, 0f, /* 3 */ 0f, 0f, 5f];
        var graph = new Neighbours.KnnGraph(4, 2, [1, 2, 2, 3, 1, 0, 2, -1], [0.9f, 0.8f, 0.9f, 0.8f, 0.9f, 0.8f, 0.9f, 0f]);

        var rescored = Neighbours.FullDimensionRescore.Of(graph, vectors, 3, [0, 1, 2, 3], inPlace: false, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([2, 1], rescored.NeighboursOf(0).ToArray());
        Assert.Equal(MathF.Sqrt(0.5f), rescored.SimilaritiesOf(0)[0], 5);
        Assert.Equal(0f, rescored.SimilaritiesOf(0)[1], 5);
        Assert.Equal([2, 3], rescored.NeighboursOf(1).ToArray());
        Assert.Equal([2, -1], rescored.NeighboursOf(3).ToArray());
        Assert.Equal(0f, rescored.SimilaritiesOf(3)[0], 5);
        Assert.Equal([1, 2, 2, 3, 1, 0, 2, -1], graph.Indices);
    }

    [Theory]
    [InlineData(50_000, 256, 0, true)]
    [InlineData(50_001, 256, 0, false)]
    [InlineData(100_000, 64, 256, true)]
    [InlineData(100_001, 64, 256, false)]
    [InlineData(178_000, 64, 816, true)]
    [InlineData(179_000, 64, 816, false)]
    public void Reduced_rows_are_searched_exactly_while_that_costs_no_more_than_the_limit_at_full_dimension(int count, int dimension, int full, bool exact) =>
        Assert.Equal(exact, Neighbours.KnnSearch.IsExact(count, dimension, full, 50_000));

    [Fact]
    public void Reduced_rows_within_the_exact_cost_get_the_exact_graph()
    {
        var clusters = new Clusters(dimension: 96).Add("A", 0, 150).Add("B", 1, 150);
        var input = clusters.Input();
        var thresholds = new Core.Configuration.AnalysisThresholds { NeighbourCount = 5, ExactSearchLimit = 280 };

        var result = LabelAnalysis.Analyze(input, thresholds, 100, null, cancellationToken: TestContext.Current.CancellationToken);

        var exact = Neighbours.ExactKnn.Build(result.Rows!.Vectors, 300, 64, 5, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(exact.Indices, result.Neighbours!.Indices);
        Assert.DoesNotContain(result.Notes, n => n.Contains("approximate (HNSW)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1_000, 200)]
    [InlineData(50_000, 200)]
    [InlineData(70_000, 142)]
    [InlineData(100_000, 100)]
    [InlineData(1_000_000, 100)]
    public void Large_layouts_run_fewer_epochs_but_never_under_one_hundred(int rows, int epochs) =>
        Assert.Equal(epochs, Projection.Umap.EpochsFor(rows));

    [Fact]
    public void Within_the_exact_limit_the_vectors_keep_their_dimensions()
    {
        var clusters = new Clusters(dimension: 96).Add("A", 0, 100).Add("B", 1, 100);

        var result = LabelAnalysis.Analyze(clusters.Input(), new() { NeighbourCount = 5 }, 100, null, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(96, result.Rows!.Dimension);
        Assert.DoesNotContain(result.Notes, n => n.Contains("principal components", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plot_of_a_reduced_population_is_drawn_for_every_analysed_row()
    {
        var clusters = new Clusters(dimension: 96).Add("A", 0, 150).Add("B", 1, 150);
        var input = clusters.Input();

        var result = LabelAnalysis.Analyze(input, new() { NeighbourCount = 5, ExactSearchLimit = 100 }, 100, null, cancellationToken: TestContext.Current.CancellationToken);
        var plot = LabelAnalysis.Project(input, new(Seed: 42), result.Neighbours, null, result.Rows, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(300, plot.AnnotationKeys.Count);
        Assert.Equal(600, plot.Coordinates.Length);
        Assert.All(plot.Coordinates, c => Assert.True(float.IsFinite(c)));
    }

    [Fact]
    public void Objects_of_a_project_without_image_labels_are_read_from_the_embedding_set_without_a_copy()
    {
        var (embeddings, annotations) = Embedded(("o1", ShapeKind.Rectangle), ("o2", ShapeKind.Rectangle));

        var input = AnalysisInput.ForObjects(embeddings, annotations, []);

        Assert.Same(embeddings.Vectors, input.Vectors);
        Assert.Equal(["o1", "o2"], input.AnnotationKeys);
    }

    [Fact]
    public void Objects_next_to_image_labels_get_their_own_rows()
    {
        var (embeddings, annotations) = Embedded(("o1", ShapeKind.Rectangle), ("tag", ShapeKind.ImageLabel), ("o2", ShapeKind.Rectangle));

        var input = AnalysisInput.ForObjects(embeddings, annotations, []);

        Assert.NotSame(embeddings.Vectors, input.Vectors);
        Assert.Equal(["o1", "o2"], input.AnnotationKeys);
        Assert.Equal([1f, 0f, 0f, 1f], input.Vectors);
    }

    [Fact]
    public void Above_the_exact_limit_the_full_vectors_can_be_collected_before_the_neighbour_search()
    {
        // Each lap of the analysis reads the clock: this one collects garbage there and notes whether the vectors survived.
        var clock = new CollectingClock();

        var analysis = AnalyzeUnreferenced(new ProjectAnalyzer(NullLogger<ProjectAnalyzer>.Instance, clock), clock);

        Assert.NotEmpty(analysis.Projection.AnnotationKeys);
        Assert.True(clock.Alive[0], "the vectors are alive when the analysis starts");
        // Laps: start, PCA, rows and geometry, kNN graph, re-measured outliers, outliers, classifier folds, trial, ranking,
        // duplicates, then the plot's three. The outliers' re-measure and the classifier read the full rows in half
        // precision, converted with the principal components: from the PCA lap on, nothing holds the float vectors (1 GB
        // at a million 256-d rows). Before, they lived to the end of the classifier (lap 6): this failed so.
        Assert.True(clock.Alive.Count >= 13, $"{clock.Alive.Count} laps");
        Assert.All(clock.Alive.Skip(1), alive => Assert.False(alive));
    }

    [Fact]
    public void Half_precision_full_rows_give_the_float_rows_neighbours_and_mislabel_ranking()
    {
        var clusters = new Clusters(dimension: 96).Add("A", 0, 200, spread: 0.3f).Add("B", 1, 200, spread: 0.3f).Add("C", 2, 200, spread: 0.3f);
        clusters.AddRow("intruder", "A", clusters.RowOf("B17"));
        var prepared = PreparedRows.From(clusters.Input());
        var reduced = prepared.Reduced(LabelAnalysis.ReducedDimension, seed: 42, TestContext.Current.CancellationToken);
        var graph = Neighbours.ExactKnn.Build(reduced.Vectors, reduced.Count, reduced.Dimension, 20, cancellationToken: TestContext.Current.CancellationToken);
        var singles = FullRows.Of(prepared.Vectors, prepared.Count, prepared.Dimension);
        var halves = FullRows.AsHalf(prepared.Vectors, prepared.Dimension, TestContext.Current.CancellationToken);

        var scratch = new float[96];
        for (var r = 0; r < prepared.Count; r++)
        {
            var row = halves.Row(r, scratch);
            for (var d = 0; d < 96; d++)
            {
                // Half keeps 11 significant bits: within half a unit in the last place of each component.
                Assert.True(MathF.Abs(row[d] - prepared.Row(r)[d]) <= MathF.Abs(prepared.Row(r)[d]) / 2048f + 1e-7f);
            }
        }

        var floatGraph = Neighbours.FullDimensionRescore.Of(graph, singles, inPlace: false, TestContext.Current.CancellationToken);
        var halfGraph = Neighbours.FullDimensionRescore.Of(graph, halves, inPlace: false, TestContext.Current.CancellationToken);
        var sameOrder = 0;
        for (var i = 0; i < floatGraph.Indices.Length; i++)
        {
            Assert.Equal(floatGraph.Similarities[i], halfGraph.Similarities[i], 1e-3f);
            sameOrder += floatGraph.Indices[i] == halfGraph.Indices[i] ? 1 : 0;
        }

        // Only neighbours whose similarities differ by less than the rounding can swap places.
        Assert.True(sameOrder >= 0.99 * floatGraph.Indices.Length, $"{sameOrder} of {floatGraph.Indices.Length} in the same place");
        var labels = Scoring.LabelIndex.From(clusters.Input().Labels, prepared.SourceRows);
        var options = new Scoring.MislabelOptions("auto", 5, 0.05, Scoring.MislabelRanking.SelfConfidence, 42, true);
        var knn = graph.Nearest(5);
        var fromFloats = Scoring.MislabelModel.Fit(singles, knn, labels, options, cancellationToken: TestContext.Current.CancellationToken);
        var fromHalves = Scoring.MislabelModel.Fit(halves, knn, labels, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(fromFloats.Scorer, fromHalves.Scorer);
        var intruder = prepared.Count - 1;
        Assert.Equal(intruder, Top(fromFloats.Raw));
        Assert.Equal(intruder, Top(fromHalves.Raw));
        for (var i = 0; i < fromFloats.Raw.Length; i++)
        {
            Assert.Equal(fromFloats.Raw[i], fromHalves.Raw[i], 0.02f);
        }
    }

    private static int Top(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            best = scores[i] > scores[best] ? i : best;
        }

        return best;
    }

    /// <summary>Analyses a 300-row, 96-d population above an exact-search limit of 100 through an embedding set that nothing
    /// but the analyzer references. Optimised and not inlined, so no local of a test frame keeps the set alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ProjectAnalysis AnalyzeUnreferenced(ProjectAnalyzer analyzer, CollectingClock clock)
    {
        var (snapshot, embeddings) = Population(clock);
        return analyzer.Analyze(snapshot, embeddings, new() { NeighbourCount = 5, ExactSearchLimit = 100 }, CancellationToken.None);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ProjectSnapshot Snapshot, EmbeddingSet Embeddings) Population(CollectingClock clock)
    {
        var input = new Clusters(dimension: 96).Add("A", 0, 150).Add("B", 1, 150).Input();
        clock.Vectors = new WeakReference(input.Vectors);
        var annotations = input.AnnotationKeys
            .Select((key, i) => new Annotation(key, "item", input.Labels[i], ShapeKind.Rectangle, new PixelBox(0, 0, 10, 10), "1", new AnnotationOrigin($"{i}", "shape")))
            .ToArray();
        var snapshot = new ProjectSnapshot(PlatformKind.Cvat, "1", "p", [], [], annotations, []);
        return (snapshot, new EmbeddingSet("fingerprint", "test", 96, input.AnnotationKeys, input.Vectors, input.Count, 0, []));
    }

    private sealed class CollectingClock : TimeProvider
    {
        public WeakReference? Vectors { get; set; }

        public List<bool> Alive { get; } = [];

        public override long GetTimestamp()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Alive.Add(Vectors?.IsAlive ?? false);
            return base.GetTimestamp();
        }
    }

    private static float[] Gaussian(Random random, int length, float sigma) =>
        [.. Enumerable.Range(0, length).Select(_ => sigma * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];

    /// <summary>A class member: its centre plus noise of 0.03 in the first 64 dimensions, <paramref name="dropped"/> in the last 32.</summary>
    private static float[] Member(Random random, float[] centre, float dropped)
    {
        var row = new float[96];
        var noise = Gaussian(random, 64, 0.03f);
        var rest = Gaussian(random, 32, dropped);
        for (var d = 0; d < 64; d++)
        {
            row[d] = centre[d] + noise[d];
        }

        rest.CopyTo(row, 64);
        return row;
    }

    private static (EmbeddingSet Embeddings, Annotation[] Annotations) Embedded(params (string Key, ShapeKind Shape)[] rows)
    {
        var vectors = new float[rows.Length * 2];
        var annotations = new Annotation[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            // Objects get unit rows along their own axis, image labels along the diagonal.
            (vectors[2 * i], vectors[(2 * i) + 1]) = rows[i].Shape == ShapeKind.ImageLabel ? (0.6f, 0.8f) : (i == 0 ? 1f : 0f, i == 0 ? 0f : 1f);
            annotations[i] = new Annotation(rows[i].Key, "item", "label", rows[i].Shape, new PixelBox(0, 0, 10, 10), "1", new AnnotationOrigin($"{i}", "shape"));
        }

        return (new EmbeddingSet("fingerprint", "test", 2, [.. rows.Select(r => r.Key)], vectors, rows.Length, 0, []), annotations);
    }
}
