using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Thresholds;

namespace LabelBridge.Analysis;

/// <summary>Finds likely label errors in one population of embedded annotations.</summary>
/// <remarks>Pure and deterministic: the same input, thresholds and seed give the same findings, in the same
/// order, on any machine and thread count. Bad input (no rows, one class, NaN vectors, repeated keys, k larger
/// than the data) yields fewer findings and a note saying why, never an exception. Definitions: DESIGN.md §6.</remarks>
public static class LabelAnalysis
{
    /// <summary>Above <c>ExactSearchLimit</c> the neighbour search and the UMAP plot run on this many principal components
    /// of the embeddings, at a fraction of what they cost on 256-816 dimensions. Outlier distances and the mislabel
    /// classifier keep all dimensions: the components drop what junk differs in, and with the default model a classifier
    /// trained on them lost 0.03-0.06 mislabel precision at recall 0.8 on Fashion-MNIST (bench/RESULTS.md, "mislabels
    /// above the exact-search limit").</summary>
    public const int ReducedDimension = 64;

    /// <param name="input">One population (objects or image-level labels); call once per population.</param>
    /// <param name="thresholds">The project's thresholds.</param>
    /// <param name="maxFindings">Keep at most this many findings, worst first.</param>
    public static AnalysisResult Analyze(AnalysisInput input, AnalysisThresholds thresholds, int maxFindings) =>
        Analyze(input, thresholds, maxFindings, null);

    /// <inheritdoc cref="Analyze(AnalysisInput, AnalysisThresholds, int)"/>
    /// <param name="input">One population.</param>
    /// <param name="thresholds">The project's thresholds.</param>
    /// <param name="maxFindings">Keep at most this many findings, worst first.</param>
    /// <param name="laps">Receives how long each part took; null to not measure.</param>
    /// <param name="cancellationToken">Checked in every long loop (per block of rows, fold epoch, HNSW insert batch, UMAP
    /// epoch); cancelling it throws <see cref="OperationCanceledException"/> within one such step. Never changes the result.</param>
    /// <remarks>Compiled optimised from its first call, so <paramref name="input"/> (and with it the full vectors, 1 GB at a
    /// million 256-d rows) stops being referenced here once its rows are prepared: above the exact-search limit the outlier
    /// re-measure and the mislabel classifier read a half-precision copy taken right after the principal components, so the
    /// float vectors can be collected before the neighbour search; unoptimised code keeps every local alive to the end of
    /// the method.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static AnalysisResult Analyze(AnalysisInput input, AnalysisThresholds thresholds, int maxFindings, AnalysisLaps? laps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFindings);

        // Nothing reads the input past the prepared rows: above the exact-search limit its vectors are then held only by
        // the full-dimension rows before they are converted to halves.
        var dimension = input.Dimension;
        var inputKeys = input.AnnotationKeys;
        var inputLabels = input.Labels;
        var boxes = input.Boxes;
        var rows = PreparedRows.From(input);
        // The unit-length rows at full dimension, same order as the analysed rows: the outliers are re-measured and the
        // mislabel classifier learns on these.
        FullRows full;
        var notes = rows.Notes;
        if (rows.Count > thresholds.ExactSearchLimit && rows.Dimension > ReducedDimension)
        {
            var pca = Pca.Fit(rows.Vectors, rows.Count, rows.Dimension, ReducedDimension, thresholds.Seed, cancellationToken);
            var sourceRows = rows.SourceRows;
            // Held as halves from here (512 MB instead of 1 GB at a million 256-d rows): the float rows, the caller's own
            // array when every row was usable, are not referenced past this point, so they are collected before the
            // components are projected (from the halves) and the neighbours searched, instead of after the classifier.
            // First the garbage the snapshot and embedding stages left (and the input's own dictionaries), so the halves
            // do not grow the heap beside it: at 300k this moment was the sweep's peak (bench/RESULTS.md).
            ReleaseDeadArrays();
            full = FullRows.AsHalf(rows.Vectors, rows.Dimension, cancellationToken);
            ReleaseDeadArrays();
            rows = PreparedRows.Projected(pca, full, sourceRows, notes, cancellationToken);
            notes.Add(Format($"{rows.Count} annotations is above the exact-search limit of {thresholds.ExactSearchLimit}: neighbours are searched and the plot drawn on the embeddings' top {rows.Dimension} principal components (of {dimension} dimensions), exactly while that costs no more than an exact search of {thresholds.ExactSearchLimit} at {dimension} dimensions; outliers are measured and the mislabel classifier learns on all {dimension} dimensions (held in half precision)."));
            laps?.Lap(Format($"PCA to {rows.Dimension} dimensions"));
        }
        else
        {
            full = FullRows.Of(rows.Vectors, rows.Count, rows.Dimension);
        }

        var geometry = new List<Finding>();
        foreach (var problem in GeometryChecks.Check(boxes, thresholds))
        {
            geometry.Add(FindingBuilder.Geometry(problem));
        }

        var analysedKeys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            analysedKeys[r] = inputKeys[rows.SourceRows[r]];
        }

        laps?.Lap("rows and geometry");
        KnnGraph? graph = null;
        LabelErrorEstimate? estimate = null;
        var confusion = ConfusionMatrix.Empty;
        var candidates = ThresholdCandidates.OnlyGeometry(geometry);
        if (rows.Count < 2)
        {
            notes.Add(Format($"Only {rows.Count} annotation(s) with a usable embedding; neighbour checks (mislabel, outlier, duplicate) need at least 2."));
        }
        else
        {
            var k = Math.Max(1, thresholds.NeighbourCount);
            if (k > rows.Count - 1)
            {
                notes.Add(Format($"Neighbour count {k} is more than the {rows.Count - 1} other annotations; used {rows.Count - 1}."));
            }

            var exact = KnnSearch.IsExact(rows.Count, rows.Dimension, dimension, thresholds.ExactSearchLimit);
            var wide = KnnSearch.Build(
                rows.Vectors, rows.Count, rows.Dimension, Math.Max(k, OutlierScorer.NeighbourCount), thresholds.ExactSearchLimit, thresholds.Seed,
                beamNeighbours: k, fullDimension: dimension, cancellationToken: cancellationToken);
            graph = wide.Nearest(k);
            laps?.Lap(exact ? "kNN graph (exact)" : "kNN graph (HNSW)");
            if (!exact)
            {
                notes.Add(Format($"{rows.Count} annotations is above the exact-search limit of {thresholds.ExactSearchLimit}; neighbours come from an approximate (HNSW) search."));
            }

            if (rows.Dimension < dimension)
            {
                // Outliers are measured with the full vectors: junk that differs from the project only in the directions the
                // components drop looks ordinary on them (bench/RESULTS.md, "Outliers above the exact-search limit").
                wide = FullDimensionRescore.Of(wide, full, inPlace: !ReferenceEquals(wide, graph), cancellationToken);
                laps?.Lap("outlier neighbours re-measured at full dimension");
            }

            var labels = LabelIndex.From(inputLabels, rows.SourceRows);
            cancellationToken.ThrowIfCancellationRequested();
            confusion = NeighbourFindings(full, graph, wide, labels, analysedKeys, thresholds, geometry, notes, laps, cancellationToken, out estimate, out candidates);
        }

        // The same composition the threshold preview runs on the kept candidates: one code path for both.
        var findings = new List<Finding>(candidates.Compose(thresholds.MislabelMinScore, thresholds.OutlierMinScore));
        var suppressed = Math.Max(0, findings.Count - maxFindings);
        if (suppressed > 0)
        {
            notes.Add(Format($"{suppressed} more finding(s) passed their thresholds but fell beyond the cap of {maxFindings}; the worst were kept."));
            findings.RemoveRange(maxFindings, suppressed);
        }

        if (rows.Dimension < dimension)
        {
            // The half-precision rows, the outliers' wide graph and the classifier's folds are garbage now; the plot, next,
            // is the analysis' largest working set at a million rows and should not land on them.
            ReleaseDeadArrays();
        }

        return new AnalysisResult(findings, suppressed, notes, confusion, graph, analysedKeys, estimate, candidates) { Rows = rows };
    }

    /// <summary>2D coordinates of the population's usable rows for the embedding plot, with their trustworthiness.</summary>
    /// <param name="input">The same population that was analysed.</param>
    /// <param name="options">Method, seed and sample size.</param>
    /// <param name="neighbours">The graph from <see cref="AnalysisResult.Neighbours"/> to reuse; null to build one.</param>
    public static Projection2D Project(AnalysisInput input, ProjectionOptions options, KnnGraph? neighbours = null) =>
        Project(input, options, neighbours, null);

    /// <param name="input">The same population that was analysed.</param>
    /// <param name="options">Method, seed and sample size.</param>
    /// <param name="neighbours">The graph to reuse; null to build one.</param>
    /// <param name="laps">Receives how long each part took; null to not measure.</param>
    /// <param name="analysed">The rows the analysis ran on (<see cref="AnalysisResult.Rows"/>, reduced above the exact-search
    /// limit); null to prepare them from <paramref name="input"/>.</param>
    /// <param name="cancellationToken">Checked per PCA block, UMAP epoch and trustworthiness row.</param>
    internal static Projection2D Project(
        AnalysisInput input, ProjectionOptions options, KnnGraph? neighbours, AnalysisLaps? laps, PreparedRows? analysed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var rows = analysed ?? PreparedRows.From(input);
        var keys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            keys[r] = input.AnnotationKeys[rows.SourceRows[r]];
        }

        var (coordinates, trust) = Projector.Project(rows, options, neighbours, laps, cancellationToken);
        // Analysed rows carry the analysis' own notes (already reported with its result); the plot adds only its own.
        var notes = analysed is null ? rows.Notes : [];
        if (double.IsNaN(trust))
        {
            notes.Add("Too few annotations to measure how trustworthy the plot is.");
        }

        return new Projection2D(keys, coordinates, trust, options.Method, notes);
    }

    // full: the analysed rows at full dimension, not their principal components. Above the exact-search limit the
    // mislabel classifier learns from these while the kNN shares count neighbours found on the components: on the
    // components alone Fashion-MNIST's default-model mislabel precision at recall 0.8 fell 0.03-0.07 against the
    // full-dimension path (bench/RESULTS.md, "Mislabels above the exact-search limit").
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConfusionMatrix NeighbourFindings(
        FullRows full, KnnGraph graph, KnnGraph wide, LabelIndex labels, string[] keys, AnalysisThresholds thresholds, List<Finding> geometry, List<string> notes,
        AnalysisLaps? laps, CancellationToken cancellationToken, out LabelErrorEstimate? estimate, out ThresholdCandidates candidates)
    {
        estimate = null;
        var builder = new FindingBuilder(graph, labels, keys);
        var small = new List<string>();
        for (var c = 0; c < labels.Count; c++)
        {
            if (labels.Sizes[c] < 3)
            {
                small.Add(labels.Names[c]);
            }
        }

        if (small.Count > 0)
        {
            notes.Add(Format($"Classes with fewer than 3 annotations ({string.Join(", ", small)}) are scored, but their evidence is thin."));
        }

        var outlierScores = OutlierScorer.Score(wide, labels, graph.NeighbourCount);
        var (outliers, outlierBudget) = OutlierCandidatesOf(outlierScores, graph.Count, thresholds, builder, notes);
        var outlierHistogram = ScoreHistogram.Of(outlierScores.Score.AsSpan(0, graph.Count));
        laps?.Lap("outliers");
        if (labels.Count < 2)
        {
            notes.Add("Only one label is in use, so there is nothing to confuse it with; mislabel and duplicate-conflict checks were skipped.");
            candidates = new ThresholdCandidates(geometry, outliers, outlierBudget, [], [], ScoreHistogram.Empty, outlierHistogram, false);
            return new ConfusionMatrix(labels.Names, new int[labels.Count * labels.Count]);
        }

        // Ranked by self-confidence (cleanlab's default), not by whichever ranking recovers the trial's injected flips
        // best: the trial preferred the normalized margin on the demo, both scene domains and Fashion-MNIST with
        // symmetric noise, and each time self-confidence found more of the real errors at the same budget
        // (bench/RESULTS.md, "Flag precision, the rest"). Injected flips are clean rows moved to one look-alike;
        // real errors include junk and rows split between several classes, which only self-confidence ranks high.
        var options = new MislabelOptions(thresholds.MislabelScorer, thresholds.ClassifierFolds, thresholds.InjectedFlipRate, MislabelRanking.SelfConfidence, thresholds.Seed, thresholds.MislabelNetwork);
        var evidence = MislabelModel.Fit(full, graph, labels, options, laps, cancellationToken);
        NoteScorerChoice(evidence, notes);
        var counts = new int[labels.Count * labels.Count];
        var order = new int[graph.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // By the calibrated probability first: with a prior per given class it is not one curve of the raw score, and
        // the walk below stops at the first row under the threshold.
        Array.Sort(order, (a, b) => evidence.Calibrated[b] != evidence.Calibrated[a]
            ? evidence.Calibrated[b].CompareTo(evidence.Calibrated[a])
            : evidence.Raw[b] != evidence.Raw[a] ? evidence.Raw[b].CompareTo(evidence.Raw[a]) : string.CompareOrdinal(keys[a], keys[b]));
        // The ranked walk at every threshold at once: it stops at the estimated number of errors, or at the first score
        // below the threshold (whichever row that is on); rows kept at this project's threshold are counted here.
        var shown = 0;
        var walked = 0;
        var passes = true;
        var classes = labels.Count;
        var mislabels = new List<ScoredCandidate>();
        var passedOver = double.PositiveInfinity;
        foreach (var i in order)
        {
            if (walked >= evidence.Joint.EstimatedErrors)
            {
                break;
            }

            passes &= evidence.Calibrated[i] >= thresholds.MislabelMinScore;
            var suggested = evidence.Suggested[i];
            var given = labels.OfRow[i];
            // Only rows whose evidence prefers another class: a row that is merely unsure keeps its label.
            if (suggested < 0 || evidence.Probabilities[(i * classes) + suggested] <= evidence.Probabilities[(i * classes) + given])
            {
                passedOver = Math.Min(passedOver, evidence.Calibrated[i]);
                continue;
            }

            if (passedOver < double.PositiveInfinity)
            {
                mislabels.Add(new ScoredCandidate(null, passedOver));
                passedOver = double.PositiveInfinity;
            }

            mislabels.Add(new ScoredCandidate(builder.Mislabel(i, evidence.Calibrated[i], suggested, ClassifierText(evidence, i, given, suggested, labels)), evidence.Calibrated[i]));
            walked++;
            if (passes)
            {
                counts[(given * classes) + suggested]++;
                shown++;
            }
        }

        estimate = new LabelErrorEstimate(graph.Count, evidence.Joint.EstimatedErrors, shown, evidence.Scorer);
        notes.Add(estimate.Sentence() + ".");
        var duplicates = new List<Finding>();
        laps?.Lap("mislabel ranking");
        AddDuplicateConflicts(graph, labels, evidence, thresholds, builder, duplicates, notes);
        laps?.Lap("duplicates");
        candidates = new ThresholdCandidates(geometry, outliers, outlierBudget, mislabels, duplicates,
            ScoreHistogram.Of(evidence.Calibrated.AsSpan(0, graph.Count)), outlierHistogram, evidence.Trials.Count > 0);
        return new ConfusionMatrix(labels.Names, counts);
    }

    private static string? ClassifierText(MislabelEvidence evidence, int row, int given, int suggested, LabelIndex labels)
    {
        if (evidence.Scorer == MislabelModel.Knn)
        {
            return null;
        }

        var classes = labels.Count;
        var p = evidence.Probabilities;
        return Format($"the {evidence.Scorer} scorer gives {labels.Names[given]} {p[(row * classes) + given]:0.00} and {labels.Names[suggested]} {p[(row * classes) + suggested]:0.00}");
    }

    private static void NoteScorerChoice(MislabelEvidence evidence, List<string> notes)
    {
        if (evidence.Trials.Count == 0)
        {
            notes.Add(Format($"Mislabel scorer: {evidence.Scorer} (too few annotations to inject flips and compare scorers; scores are 1 − p(given), uncalibrated)."));
            return;
        }

        var figures = string.Join("; ", evidence.Trials.Select(t => Format($"{t.Scorer} by {RankingName(t.Ranking)} average precision {t.AveragePrecision:0.000}, AUROC {t.Auroc:0.000}")));
        notes.Add(Format($"Mislabel scorer: {evidence.Scorer} ranked by {RankingName(evidence.Ranking)}, chosen by recovering {evidence.Injected} seeded label flips injected into a copy of the labels ({figures}); scores are calibrated on those flips."));
    }

    private static string RankingName(MislabelRanking ranking) => ranking == MislabelRanking.SelfConfidence ? "self-confidence" : "normalized margin";

    /// <summary>Outliers above their percentile, worst first, at most the contamination share of the population: the rows
    /// some threshold would report (<see cref="OutlierCandidates.Select"/>), farthest first, and the budget.</summary>
    private static (List<ScoredCandidate> Candidates, int Budget) OutlierCandidatesOf(
        OutlierScores outliers, int count, AnalysisThresholds thresholds, FindingBuilder builder, List<string> notes)
    {
        var passing = 0;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            passing += outliers.Score[i] >= thresholds.OutlierMinScore ? 1 : 0;
        }

        // Worst means farthest: the percentile score ties at the top of every class (each class has a 99th
        // percentile), so it would keep the most remote member of a tight class over real junk.
        Array.Sort(order, (a, b) => outliers.MeanDistance[b] != outliers.MeanDistance[a] ? outliers.MeanDistance[b].CompareTo(outliers.MeanDistance[a]) : a.CompareTo(b));
        var budget = (int)Math.Ceiling(thresholds.OutlierContamination * count);
        if (passing > budget)
        {
            notes.Add(Format($"{passing} annotation(s) passed the outlier threshold; the {budget} farthest were kept (contamination {thresholds.OutlierContamination:0.###} of {count})."));
        }

        var scores = new double[count];
        for (var r = 0; r < count; r++)
        {
            scores[r] = outliers.Score[order[r]];
        }

        var candidates = new List<ScoredCandidate>();
        foreach (var r in OutlierCandidates.Select(scores, budget))
        {
            var i = order[r];
            candidates.Add(new ScoredCandidate(builder.Outlier(i, outliers.Score[i], outliers.MeanDistance[i], outliers.Averaged[i]), outliers.Score[i]));
        }

        return (candidates, budget);
    }

    /// <summary>Differently labelled pairs that are near-identical for this project: one finding per pair, on the
    /// member whose label its own neighbourhood supports least.</summary>
    /// <remarks>A fixed cosine cut says nothing across embedders: two different shirts score 0.989 on one model.
    /// So the cut is also a high percentile of the project's same-label nearest-neighbour similarities, the level
    /// that only true near-copies reach.</remarks>
    private static void AddDuplicateConflicts(
        KnnGraph graph, LabelIndex labels, MislabelEvidence evidence, AnalysisThresholds thresholds, FindingBuilder builder, List<Finding> findings, List<string> notes)
    {
        var sameLabel = new List<float>(graph.Count);
        for (var i = 0; i < graph.Count; i++)
        {
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            for (var j = 0; j < ids.Length && ids[j] >= 0; j++)
            {
                if (labels.OfRow[ids[j]] == labels.OfRow[i])
                {
                    sameLabel.Add(sims[j]);
                    break;
                }
            }
        }

        var limit = (float)thresholds.DuplicateSimilarity;
        if (sameLabel.Count > 0)
        {
            sameLabel.Sort();
            var at = Math.Clamp((int)Math.Floor(thresholds.DuplicatePercentile * (sameLabel.Count - 1)), 0, sameLabel.Count - 1);
            limit = MathF.Max(limit, sameLabel[at]);
        }

        var classes = labels.Count;
        var seen = new HashSet<(int, int)>();
        var written = 0;
        for (var i = 0; i < graph.Count; i++)
        {
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            for (var j = 0; j < ids.Length && ids[j] >= 0 && sims[j] >= limit; j++)
            {
                var other = ids[j];
                if (labels.OfRow[other] == labels.OfRow[i] || !seen.Add((Math.Min(i, other), Math.Max(i, other))))
                {
                    continue;
                }

                var supportI = evidence.Probabilities[(i * classes) + labels.OfRow[i]];
                var supportOther = evidence.Probabilities[(other * classes) + labels.OfRow[other]];
                var blamed = supportI < supportOther || (supportI == supportOther && i < other) ? i : other;
                var partner = blamed == i ? other : i;
                var clear = MathF.Abs(supportI - supportOther) >= 0.2f;
                findings.Add(builder.DuplicateConflict(blamed, partner, sims[j], evidence.Calibrated[blamed], clear));
                written++;
            }
        }

        if (written > 0)
        {
            notes.Add(Format($"Near-identical here means cosine similarity at least {limit:0.0000} (the larger of DuplicateSimilarity and the {thresholds.DuplicatePercentile:0.##} percentile of same-label nearest-neighbour similarities)."));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A blocking collection that compacts the large-object heap and returns the freed memory to the system, at the
    /// large path's points where big arrays die (before the float rows are converted to halves, and once they are; the
    /// classifier's and the outliers' arrays once the findings are scored).</summary>
    /// <remarks>Without it the next big allocations (the neighbour search, the plot) grew the heap beside the garbage: the
    /// 1M sweep peaked at the plot's set-up with the classifier's garbage and vectors still resident (bench/RESULTS.md,
    /// "1M cold sweep on main after all of today's merges"). Each costs one full collection (about a second at 1M rows),
    /// only above the exact-search limit; the findings do not depend on it.</remarks>
    private static void ReleaseDeadArrays()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
