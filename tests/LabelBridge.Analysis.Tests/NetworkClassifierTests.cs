using System.Numerics.Tensors;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Core.Configuration;

namespace LabelBridge.Analysis.Tests;

public sealed class NetworkClassifierTests
{
    [Fact]
    public void Network_probabilities_are_the_same_on_one_thread_and_on_many()
    {
        var (vectors, labels, _) = Xor(seed: 5);

        var single = OutOfFoldNetwork.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), new NetworkOptions(), maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken);
        var parallel = OutOfFoldNetwork.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), new NetworkOptions(), maxDegreeOfParallelism: 8, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(single, parallel);
        Assert.Equal(labels.Length * 2, single.Length);
    }

    [Fact]
    public void Network_probabilities_do_not_depend_on_the_order_the_folds_run_in()
    {
        // What a thread count changes is which fold starts first: one thread running them last to first must agree.
        var (vectors, labels, _) = Xor(seed: 7);

        var forward = OutOfFoldNetwork.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), new NetworkOptions(), maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken);
        var backward = OutOfFoldNetwork.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), new NetworkOptions(), maxDegreeOfParallelism: 1, reverseFolds: true, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Network_puts_a_flipped_row_of_a_class_made_of_two_clusters_on_its_true_class()
    {
        // Class 0 is the blobs at (1, 1) and (−1, −1), class 1 those at (1, −1) and (−1, 1): no line separates them,
        // so the regression cannot say which class a row belongs to, and the hidden layer can.
        var (vectors, labels, flipped) = Xor(seed: 6);

        var network = OutOfFoldNetwork.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), new NetworkOptions(), cancellationToken: TestContext.Current.CancellationToken);
        var regression = OutOfFoldClassifier.Predict(vectors, labels.Length, Dimension, labels, 2, new ClassifierOptions(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(flipped, row => Assert.Equal(1 - labels[row], TensorPrimitives.IndexOfMax(network.AsSpan(row * 2, 2))));
        Assert.True(Accuracy(network, labels) > 0.9, $"network agrees with {Accuracy(network, labels):0.00} of the labels");
        Assert.True(Accuracy(regression, labels) < 0.75, $"regression agrees with {Accuracy(regression, labels):0.00} of the labels");
    }

    [Theory]
    [InlineData(300, 16, 2)]
    [InlineData(1_000, 1_072, 10)]
    [InlineData(80_000, 816, 10)]
    [InlineData(800_000, 64, 50)]
    public void Network_work_stays_within_its_multiple_of_the_regression(int rows, int dimension, int classes)
    {
        var regression = new ClassifierOptions();
        var options = new NetworkOptions();

        var steps = OutOfFoldNetwork.Steps(rows, dimension, classes, regression, options);

        var batch = Math.Min(options.BatchSize, rows);
        Assert.InRange(steps, 1, Math.Max(options.MinSteps, options.Epochs * ((rows + batch - 1) / batch)));
        Assert.True(steps == options.MinSteps
            || steps * OutOfFoldNetwork.StepWork(batch, dimension, options.Hidden, classes) <= options.WorkMultiple * OutOfFoldNetwork.RegressionWork(rows, dimension, classes, regression));
    }

    [Fact]
    public void Network_gets_all_its_epochs_where_the_regression_is_cheap_and_fewer_where_rows_are_many()
    {
        var options = new NetworkOptions();

        var small = OutOfFoldNetwork.Steps(800, 256, 10, new ClassifierOptions(), options);
        var large = OutOfFoldNetwork.Steps(80_000, 816, 10, new ClassifierOptions(), options);

        // A few hundred rows: the regression's minimum of steps pays for at least all of the network's epochs.
        Assert.True(small >= options.Epochs * ((800 + options.BatchSize - 1) / options.BatchSize), $"{small} steps");
        Assert.True(large * options.BatchSize < options.Epochs * 80_000L, $"{large} steps are {large * options.BatchSize / 80_000.0:0.0} epochs");
    }

    [Fact]
    public void Auto_learns_with_the_network_unless_it_is_turned_off()
    {
        Assert.Equal([MislabelModel.Knn, MislabelModel.Network, MislabelModel.NetworkCombined], MislabelModel.Candidates("auto", network: true));
        Assert.Equal([MislabelModel.Knn, MislabelModel.Classifier, MislabelModel.Combined], MislabelModel.Candidates("auto", network: false));
        Assert.Equal([MislabelModel.Network], MislabelModel.Candidates("network", network: false));
        Assert.Equal([MislabelModel.Classifier], MislabelModel.Candidates("classifier", network: true));
    }

    [Fact]
    public void A_forced_network_scorer_is_what_the_analysis_uses()
    {
        var clusters = new Clusters(16);
        clusters.Add("A", 0, 60, spread: 0.3f).Add("B", 1, 60, spread: 0.3f).Add("C", 2, 60, spread: 0.3f);
        var row = new float[16];
        row[1] = 1f;
        clusters.AddRow("flip0", "A", row);
        var input = clusters.Input();

        var result = LabelAnalysis.Analyze(input, new AnalysisThresholds { NeighbourCount = 5, MislabelScorer = MislabelModel.Network, MislabelMinScore = 0 }, maxFindings: 1000);

        Assert.Contains(result.Notes, note => note.StartsWith("Mislabel scorer: network ", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.AnnotationKey == "flip0");
    }

    private const int Dimension = 4;

    private static (float[] Vectors, int[] Labels, int[] Flipped) Xor(int seed)
    {
        var random = new Random(seed);
        var centres = new (float X, float Y, int Label)[] { (1, 1, 0), (-1, -1, 0), (1, -1, 1), (-1, 1, 1) };
        const int perBlob = 60;
        var vectors = new float[centres.Length * perBlob * Dimension];
        var labels = new int[centres.Length * perBlob];
        var flipped = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            var (x, y, label) = centres[i / perBlob];
            vectors[i * Dimension] = x + (0.25f * (float)((random.NextDouble() * 2) - 1));
            vectors[(i * Dimension) + 1] = y + (0.25f * (float)((random.NextDouble() * 2) - 1));
            // Two dimensions of noise the network has to learn to ignore.
            vectors[(i * Dimension) + 2] = 0.25f * (float)((random.NextDouble() * 2) - 1);
            vectors[(i * Dimension) + 3] = 0.25f * (float)((random.NextDouble() * 2) - 1);
            labels[i] = label;
            if (i % perBlob == 0)
            {
                labels[i] = 1 - label;
                flipped.Add(i);
            }
        }

        return (vectors, labels, [.. flipped]);
    }

    private static double Accuracy(float[] probabilities, int[] labels)
    {
        var agree = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            agree += TensorPrimitives.IndexOfMax(probabilities.AsSpan(i * 2, 2)) == labels[i] ? 1 : 0;
        }

        return (double)agree / labels.Length;
    }
}
