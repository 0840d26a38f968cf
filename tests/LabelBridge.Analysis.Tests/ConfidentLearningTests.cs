using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis.Tests;

public sealed class ConfidentLearningTests
{
    [Fact]
    public void Out_of_fold_probabilities_are_the_same_on_one_thread_and_on_many()
    {
        var (input, labels) = Noisy(seed: 3);
        var ids = LabelIndex.From(input.Labels, Enumerable.Range(0, input.Count).ToArray());

        var single = OutOfFoldClassifier.Predict(input.Vectors, input.Count, input.Dimension, ids.OfRow, ids.Count, new ClassifierOptions(), maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken);
        var parallel = OutOfFoldClassifier.Predict(input.Vectors, input.Count, input.Dimension, ids.OfRow, ids.Count, new ClassifierOptions(), maxDegreeOfParallelism: 8, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(single, parallel);
        Assert.Equal(labels.Length * ids.Count, single.Length);
    }

    [Fact]
    public void Out_of_fold_probabilities_put_a_flipped_row_on_its_true_class()
    {
        var (input, _) = Noisy(seed: 4);
        var ids = LabelIndex.From(input.Labels, Enumerable.Range(0, input.Count).ToArray());

        var p = OutOfFoldClassifier.Predict(input.Vectors, input.Count, input.Dimension, ids.OfRow, ids.Count, new ClassifierOptions(), cancellationToken: TestContext.Current.CancellationToken);

        // Row "flip0" lies in cluster B but is labelled A: the fold that did not train on it says B.
        var row = input.AnnotationKeys.ToList().IndexOf("flip0");
        var b = Array.IndexOf(ids.Names, "B");
        Assert.Equal(b, System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p.AsSpan(row * ids.Count, ids.Count)));
    }

    [Fact]
    public void Folds_are_stratified_and_seeded()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 80 ? 0 : 1).ToArray();

        var folds = OutOfFoldClassifier.StratifiedFolds(labels, 2, 5, seed: 1);

        Assert.Equal(folds, OutOfFoldClassifier.StratifiedFolds(labels, 2, 5, seed: 1));
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(4, labels.Where((l, i) => l == 1 && folds[i] == f).Count()));
    }

    [Fact]
    public void The_confident_joint_counts_rows_whose_other_class_passes_its_threshold()
    {
        // Three rows of class 0, three of class 1; row 2 is labelled 0 but confidently 1.
        float[] p = [0.9f, 0.1f, 0.8f, 0.2f, 0.1f, 0.9f, 0.2f, 0.8f, 0.1f, 0.9f, 0.3f, 0.7f];
        int[] labels = [0, 0, 0, 1, 1, 1];

        var joint = ConfidentLearning.Count(p, labels, 2);

        Assert.Equal(1, joint.EstimatedErrors);
        Assert.Equal([2, 1, 0, 2], joint.Counts); // row 5 (p 0.7 for its class 1, threshold 0.83) is confident of nothing
        Assert.True(joint.IsOffDiagonal(2, 0));
        Assert.Equal(0.6f, joint.Thresholds[0], 4);
    }

    [Fact]
    public void The_estimate_scales_each_class_from_its_confident_rows_to_all_its_rows()
    {
        // Class 0 (t = 0.42): row 0 confidently 0, row 1 confidently 1 (0.95 reaches t(1) = 0.95), row 2 confident
        // of nothing. The plain off-diagonal count is 1 error among 2 confident rows; cleanlab's calibrated estimate
        // applies that share to all 3 rows of the class: 1.5, rounded to 2. Class 1: both rows confident and on
        // the diagonal.
        float[] p = [0.9f, 0.1f, 0.05f, 0.95f, 0.3f, 0.7f, 0.05f, 0.95f, 0.05f, 0.95f];
        int[] labels = [0, 0, 0, 1, 1];

        var joint = ConfidentLearning.Count(p, labels, 2);

        Assert.Equal([1, 1, 0, 2], joint.Counts);
        Assert.Equal(-1, joint.ConfidentLabel[2]);
        Assert.Equal(2, joint.EstimatedErrors);
    }

    [Fact]
    public void The_budget_never_exceeds_the_estimate()
    {
        foreach (var seed in new[] { 5, 6, 7 })
        {
            var (input, _) = Noisy(seed, flips: 12);

            var result = LabelAnalysis.Analyze(input, new AnalysisThresholds { NeighbourCount = 5, MislabelMinScore = 0 }, maxFindings: 1000);

            var estimate = Assert.IsType<LabelErrorEstimate>(result.Estimate);
            var mislabels = result.Findings.Count(f => f.Kind == FindingKind.Mislabel);
            Assert.InRange(mislabels, 1, estimate.EstimatedWrong);
            Assert.Equal(mislabels, estimate.Shown);
            Assert.Contains(result.Notes, n => n.StartsWith($"about {estimate.EstimatedWrong} labels", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_analysis_is_the_same_on_repeated_runs()
    {
        var (input, _) = Noisy(seed: 8, flips: 6);
        var thresholds = new AnalysisThresholds { NeighbourCount = 5 };

        var first = LabelAnalysis.Analyze(input, thresholds, maxFindings: 1000);
        var second = LabelAnalysis.Analyze(input, thresholds, maxFindings: 1000);

        Assert.Equal(first.Findings.Select(f => (f.Key, f.Score, f.Reason)), second.Findings.Select(f => (f.Key, f.Score, f.Reason)));
        Assert.Equal(first.Notes, second.Notes);
    }

    [Fact]
    public async Task The_whole_analysis_is_the_same_on_one_thread_and_on_many()
    {
        var (input, _) = Noisy(seed: 10, flips: 8);
        var thresholds = new AnalysisThresholds { NeighbourCount = 5, MislabelMinScore = 0 };
        // Parallel loops that are given no scheduler run on the current one: on an exclusive scheduler every
        // parallel step of the analysis (kNN blocks, classifier folds, the scorer trial) runs one at a time.
        var oneAtATime = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

        var single = await Task.Factory.StartNew(() => LabelAnalysis.Analyze(input, thresholds, maxFindings: 1000), TestContext.Current.CancellationToken, TaskCreationOptions.None, oneAtATime);
        var many = await Task.Run(() => LabelAnalysis.Analyze(input, thresholds, maxFindings: 1000), TestContext.Current.CancellationToken);

        Assert.NotEmpty(single.Findings);
        Assert.Equal(single.Findings.Select(f => (f.Key, f.Score, f.Reason)), many.Findings.Select(f => (f.Key, f.Score, f.Reason)));
        Assert.Equal(single.Notes, many.Notes);
    }

    [Fact]
    public void Every_annotation_gets_at_most_one_finding()
    {
        var (input, _) = Noisy(seed: 9, flips: 10);

        var result = LabelAnalysis.Analyze(input, new AnalysisThresholds { NeighbourCount = 5, OutlierMinScore = 0.5, OutlierContamination = 0.5, MislabelMinScore = 0 }, maxFindings: 1000);

        Assert.Equal(result.Findings.Count, result.Findings.Select(f => f.AnnotationKey).Distinct().Count());
        Assert.Contains(result.Findings, f => f.MergedKeys is { Count: > 0 });
    }

    [Fact]
    public void A_calibrated_score_reads_as_a_probability()
    {
        // 1,000 real rows: 100 wrong labels scoring like the injected flips (uniform 0.5-1), 900 clean ones (uniform
        // 0-0.7, so the two overlap on 0.5-0.7); 100 flips from the wrong labels' distribution.
        var random = new Random(7);
        var flips = Enumerable.Range(0, 100).Select(_ => 0.5f + (0.5f * random.NextSingle())).ToArray();
        var wrong = new bool[1000];
        var real = new float[1000];
        for (var i = 0; i < real.Length; i++)
        {
            wrong[i] = i < 100;
            real[i] = wrong[i] ? 0.5f + (0.5f * random.NextSingle()) : 0.7f * random.NextSingle();
        }

        var calibration = Calibration.Fit(flips, real)!;

        // The prior is the share of wrong labels (an upper bound by construction, tight where only errors score).
        Assert.InRange(calibration.Prior, 0.07, 0.14);
        Assert.InRange(calibration.Probability(0.05), 0, 0.05);
        Assert.InRange(calibration.Probability(0.95), 0.9, 1);
        // Rows scored at least 0.5 are wrong more often than not, and rows below 0.5 are not.
        var high = Enumerable.Range(0, real.Length).Where(i => calibration.Probability(real[i]) >= 0.5).ToList();
        var low = Enumerable.Range(0, real.Length).Where(i => calibration.Probability(real[i]) < 0.5).ToList();
        Assert.True(high.Count(i => wrong[i]) > high.Count / 2, $"{high.Count(i => wrong[i])} wrong of {high.Count} scored >= 0.5");
        Assert.True(low.Count(i => wrong[i]) < low.Count / 2);
        var previous = 0.0;
        for (var s = 0.0; s <= 1.0; s += 0.01)
        {
            var p = calibration.Probability(s);
            Assert.True(p >= previous - 1e-12, $"P({s:0.00}) = {p} fell below {previous}");
            previous = p;
        }
    }

    [Fact]
    public void A_calibrated_score_does_not_read_a_clean_look_alike_as_likely_wrong()
    {
        // The Platt fit this replaced was fitted against clean-looking rows only and shifted by a prior 2-3x the real
        // error rate: rows of a clean class that scores like flips (a look-alike) came out near 0.6. Here 5% are
        // wrong; 20% are clean look-alikes scoring 0.4-0.8, the flips 0.6-1.
        var random = new Random(11);
        var flips = Enumerable.Range(0, 60).Select(_ => 0.6f + (0.4f * random.NextSingle())).ToArray();
        var real = new float[1000];
        for (var i = 0; i < real.Length; i++)
        {
            real[i] = i < 50 ? 0.6f + (0.4f * random.NextSingle()) : i < 250 ? 0.4f + (0.4f * random.NextSingle()) : 0.3f * random.NextSingle();
        }

        var calibration = Calibration.Fit(flips, real)!;

        Assert.InRange(calibration.Prior, 0.04, 0.12);
        // At 0.65 the real density is 0.05 x 2.5 (wrong) + 0.2 x 2.5 (look-alikes), the flips' 2.5: P = 0.05 x 2.5 / 0.625 = 0.2.
        Assert.InRange(calibration.Probability(0.65), 0.1, 0.35);
        Assert.True(calibration.Probability(0.95) > 0.5, $"P(0.95) = {calibration.Probability(0.95)}");
        Assert.Null(Calibration.Fit(flips.AsSpan(0, Calibration.MinFlipsAbove - 1), real));
    }

    [Fact]
    public void The_prior_is_read_below_flips_that_outscore_every_real_row()
    {
        // 10% wrong labels scoring 0.5-0.85, clean rows 0-0.6; a third of the flips are easier than any real row
        // (0.95-1: clean-looking rows moved to a look-alike, as on Fashion-MNIST confusable pairs). Read at the top
        // 35% of the flips the prior was the floor, 1/1001: nothing real scores up there, and no row reached 0.5.
        var random = new Random(5);
        var flips = Enumerable.Range(0, 120).Select(i => i < 40 ? 0.95f + (0.05f * random.NextSingle()) : 0.5f + (0.35f * random.NextSingle())).ToArray();
        var wrong = new bool[1000];
        var real = new float[1000];
        for (var i = 0; i < real.Length; i++)
        {
            wrong[i] = i < 100;
            real[i] = wrong[i] ? 0.5f + (0.35f * random.NextSingle()) : 0.6f * random.NextSingle();
        }

        var calibration = Calibration.Fit(flips, real)!;

        Assert.InRange(calibration.Prior, 0.04, 0.14);
        var high = Enumerable.Range(0, real.Length).Where(i => calibration.Probability(real[i]) >= 0.5).ToList();
        Assert.True(high.Count >= 20, $"{high.Count} rows scored >= 0.5");
        Assert.True(high.Count(i => wrong[i]) > high.Count / 2, $"{high.Count(i => wrong[i])} wrong of {high.Count} scored >= 0.5");
    }

    [Fact]
    public void A_class_the_confident_joint_finds_noisy_gets_a_higher_prior_and_the_rows_total_the_same()
    {
        // Classes 0 and 1 swap labels (20 rows each look like the other), 2 and 3 are clean: one prior for all put
        // the pair's errors below 0.5 and the clean classes' look-alikes above it (Fashion-MNIST confusable pairs).
        var random = new Random(3);
        var flips = Enumerable.Range(0, 100).Select(_ => 0.5f + (0.5f * random.NextSingle())).ToArray();
        var real = Enumerable.Range(0, 400).Select(i => i < 40 ? 0.5f + (0.5f * random.NextSingle()) : 0.6f * random.NextSingle()).ToArray();
        var calibration = Calibration.Fit(flips, real)!;
        var given = Enumerable.Range(0, 400).Select(i => i / 100).ToArray();
        int[] counts = [80, 20, 0, 0, 20, 80, 0, 0, 0, 0, 100, 0, 0, 0, 0, 100];
        var joint = new ConfidentJoint(4, [0.5f, 0.5f, 0.5f, 0.5f], counts, new int[400], 40, 40);

        var priors = calibration.ClassPriors(joint, given);

        Assert.True(priors[0] > calibration.Prior && priors[1] > calibration.Prior, string.Join(", ", priors));
        Assert.True(priors[2] < calibration.Prior && priors[3] < calibration.Prior, string.Join(", ", priors));
        // The same number of wrong labels in all, up to the floor of one wrong label that keeps a clean class possible.
        Assert.InRange(given.Sum(g => priors[g]), (calibration.Prior * 400) - 0.01, (calibration.Prior * 400) + 1);
        Assert.Equal(calibration.Probability(0.7), calibration.Probability(0.7, calibration.Prior), 12);
        Assert.True(calibration.Probability(0.7, priors[0]) > calibration.Probability(0.7), "a noisy class's row reads likelier wrong");
        Assert.True(calibration.Probability(0.7, priors[2]) < calibration.Probability(0.7), "a clean class's row reads less likely wrong");
    }

    [Fact]
    public void The_calibration_reads_a_mixed_pair_the_way_the_trial_model_sees_it()
    {
        // Two overlapping pairs of classes, 10% of each class labelled as its partner. The injected flips are scored
        // by the trial's model, fitted on labels with the flips in them. Calibrated against the production fit's
        // scores (a model that never saw those flips) the share of wrong labels came out 0.145 for 0.095 and rows
        // scored >= 0.5 were wrong 47 times in 84; against the trial's own other rows, 0.133, and 37 in 47.
        var (input, wrong) = MixedPair(seed: 21);
        var rows = Enumerable.Range(0, input.Count).ToArray();
        var labels = LabelIndex.From(input.Labels, rows);
        var graph = KnnSearch.Build(input.Vectors, input.Count, input.Dimension, 10, 5000, 42, 10, cancellationToken: TestContext.Current.CancellationToken);

        var evidence = MislabelModel.Fit(input.Vectors, input.Dimension, graph, labels, new MislabelOptions("auto", 5, 0.05, MislabelRanking.SelfConfidence, 42), cancellationToken: TestContext.Current.CancellationToken);

        var truth = (double)wrong.Count(w => w) / wrong.Length;
        var rate = Assert.NotNull(evidence.CalibratedRate);
        var high = rows.Where(i => evidence.Calibrated[i] >= 0.5f).ToList();
        var found = high.Count(i => wrong[i]);
        Assert.True(rate >= 0.7 * truth && rate <= 1.45 * truth, $"estimated share {rate:0.000} for {truth:0.000}");
        Assert.True(found >= 0.7 * high.Count, $"{found} wrong of {high.Count} scored >= 0.5");
        Assert.True(found >= 0.5 * wrong.Count(w => w), $"{found} of {wrong.Count(w => w)} wrong labels scored >= 0.5");
    }

    [Fact]
    public void A_production_score_is_read_at_its_quantile_on_the_trial_scale()
    {
        // Production scores 0..0.9 (0.5 twice); the trial scale 0..2 with every value twice (two draws of the rows).
        float[] production = [0.9f, 0f, 0.5f, 0.5f, 0.1f, 0.3f, 0.7f, 0.2f, 0.4f, 0.6f, 0.8f];
        var trial = Enumerable.Range(0, 22).Select(i => (i / 2) * 0.2f).ToArray();

        var mapped = Calibration.OnTrialScale(production, trial);

        Assert.Equal(0f, mapped[1], 4);
        Assert.Equal(2.0f, mapped[0], 4);
        Assert.Equal(mapped[2], mapped[3]);
        var order = Enumerable.Range(0, production.Length).OrderBy(i => production[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
        {
            Assert.True(mapped[order[k]] >= mapped[order[k - 1]], $"{production[order[k]]} mapped below {production[order[k - 1]]}");
        }
    }

    /// <summary>Four classes of 150 in 16 dimensions in two overlapping pairs (A with B, C with D); 10% of every
    /// class carries its partner's label.</summary>
    private static (AnalysisInput Input, bool[] Wrong) MixedPair(int seed)
    {
        var clusters = new Clusters(16);
        var random = new Random(seed);
        var wrong = new List<bool>();
        for (var c = 0; c < 4; c++)
        {
            var partner = c ^ 1;
            for (var i = 0; i < 150; i++)
            {
                // A pair shares one axis and its two members differ by a little along a second and third one.
                var row = new float[16];
                row[c < 2 ? 0 : 1] = 1f;
                row[2 + c] = 0.15f;
                for (var d = 0; d < 16; d++)
                {
                    row[d] += 0.15f * (float)((random.NextDouble() * 2) - 1);
                }

                var swapped = random.NextDouble() < 0.1;
                clusters.AddRow($"r{c}-{i}", "ABCD"[swapped ? partner : c].ToString(), row);
                wrong.Add(swapped);
            }
        }

        return (clusters.Input(), [.. wrong]);
    }

    /// <summary>Four classes of 60 in 16 dimensions, with some rows of B labelled A ("flip0"...).</summary>
    private static (AnalysisInput Input, string[] Labels) Noisy(int seed, int flips = 3)
    {
        var clusters = new Clusters(16);
        clusters.Add("A", 0, 60, spread: 0.3f).Add("B", 1, 60, spread: 0.3f).Add("C", 2, 60, spread: 0.3f).Add("D", 3, 60, spread: 0.3f);
        var random = new Random(seed);
        for (var i = 0; i < flips; i++)
        {
            var row = new float[16];
            row[1] = 1f;
            for (var d = 0; d < 16; d++)
            {
                row[d] += 0.3f * (float)((random.NextDouble() * 2) - 1);
            }

            clusters.AddRow($"flip{i}", "A", row);
        }

        var input = clusters.Input();
        return (input, [.. input.Labels]);
    }
}
