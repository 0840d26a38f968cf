using System.Globalization;
using LabelBridge.Analysis.Neighbours;
using LabelBridge.Analysis.Projection;
using LabelBridge.Analysis.Scoring;
using LabelBridge.Analysis.Vectors;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;

namespace LabelBridge.Analysis;

/// <summary>Finds likely label errors in one population of embedded annotations.</summary>
/// <remarks>Pure and deterministic: the same input, thresholds and seed give the same findings, in the same
/// order, on any machine and thread count. Bad input (no rows, one class, NaN vectors, repeated keys, k larger
/// than the data) yields fewer findings and a note saying why, never an exception. Definitions: DESIGN.md §6.</remarks>
public static class LabelAnalysis
{
    /// <param name="input">One population (objects or image-level labels); call once per population.</param>
    /// <param name="thresholds">The project's thresholds.</param>
    /// <param name="maxFindings">Keep at most this many findings, worst first.</param>
    public static AnalysisResult Analyze(AnalysisInput input, AnalysisThresholds thresholds, int maxFindings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFindings);

        var rows = PreparedRows.From(input);
        var notes = rows.Notes;
        var findings = new List<Finding>();
        foreach (var problem in GeometryChecks.Check(input.Boxes, thresholds))
        {
            findings.Add(FindingBuilder.Geometry(problem));
        }

        var analysedKeys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            analysedKeys[r] = input.AnnotationKeys[rows.SourceRows[r]];
        }

        KnnGraph? graph = null;
        var confusion = ConfusionMatrix.Empty;
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

            var wide = KnnSearch.Build(
                rows.Vectors, rows.Count, rows.Dimension, Math.Max(k, OutlierScorer.NeighbourCount), thresholds.ExactSearchLimit, thresholds.Seed, beamNeighbours: k);
            graph = wide.Nearest(k);
            if (rows.Count > thresholds.ExactSearchLimit)
            {
                notes.Add(Format($"{rows.Count} annotations is above the exact-search limit of {thresholds.ExactSearchLimit}; neighbours come from an approximate (HNSW) search."));
            }

            var labels = LabelIndex.From(input.Labels, rows.SourceRows);
            confusion = NeighbourFindings(graph, wide, labels, analysedKeys, thresholds, findings, notes);
        }

        findings.Sort(WorstFirst);
        var suppressed = Math.Max(0, findings.Count - maxFindings);
        if (suppressed > 0)
        {
            notes.Add(Format($"{suppressed} more finding(s) passed their thresholds but fell beyond the cap of {maxFindings}; the worst were kept."));
            findings.RemoveRange(maxFindings, suppressed);
        }

        return new AnalysisResult(findings, suppressed, notes, confusion, graph, analysedKeys);
    }

    /// <summary>2D coordinates of the population's usable rows for the embedding plot, with their trustworthiness.</summary>
    /// <param name="input">The same population that was analysed.</param>
    /// <param name="options">Method, seed and sample size.</param>
    /// <param name="neighbours">The graph from <see cref="AnalysisResult.Neighbours"/> to reuse; null to build one.</param>
    public static Projection2D Project(AnalysisInput input, ProjectionOptions options, KnnGraph? neighbours = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var rows = PreparedRows.From(input);
        var keys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            keys[r] = input.AnnotationKeys[rows.SourceRows[r]];
        }

        var (coordinates, trust) = Projector.Project(rows, options, neighbours);
        var notes = rows.Notes;
        if (double.IsNaN(trust))
        {
            notes.Add("Too few annotations to measure how trustworthy the plot is.");
        }

        return new Projection2D(keys, coordinates, trust, options.Method, notes);
    }

    private static ConfusionMatrix NeighbourFindings(
        KnnGraph graph, KnnGraph wide, LabelIndex labels, string[] keys, AnalysisThresholds thresholds, List<Finding> findings, List<string> notes)
    {
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

        var outliers = OutlierScorer.Score(wide, labels, graph.NeighbourCount);
        for (var i = 0; i < graph.Count; i++)
        {
            if (outliers.Score[i] >= thresholds.OutlierMinScore)
            {
                findings.Add(builder.Outlier(i, outliers.Score[i], outliers.MeanDistance[i], outliers.Averaged[i]));
            }
        }

        if (labels.Count < 2)
        {
            notes.Add("Only one label is in use, so there is nothing to confuse it with; mislabel and duplicate-conflict checks were skipped.");
            return new ConfusionMatrix(labels.Names, new int[labels.Count * labels.Count]);
        }

        var counts = new int[labels.Count * labels.Count];
        var mislabel = MislabelScorer.Default.Score(graph, labels);
        for (var i = 0; i < graph.Count; i++)
        {
            if (mislabel.Suspected[i] && mislabel.Score[i] >= thresholds.MislabelMinScore)
            {
                findings.Add(builder.Mislabel(i, mislabel.Score[i], mislabel.Suggested[i]));
                counts[(labels.OfRow[i] * labels.Count) + mislabel.Suggested[i]]++;
            }
        }

        AddDuplicateConflicts(graph, labels, thresholds, builder, findings);
        return new ConfusionMatrix(labels.Names, counts);
    }

    private static void AddDuplicateConflicts(KnnGraph graph, LabelIndex labels, AnalysisThresholds thresholds, FindingBuilder builder, List<Finding> findings)
    {
        var limit = (float)thresholds.DuplicateSimilarity;
        var span = Math.Max(1e-6, 1 - thresholds.DuplicateSimilarity);
        for (var i = 0; i < graph.Count; i++)
        {
            var ids = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            for (var j = 0; j < ids.Length && ids[j] >= 0 && sims[j] >= limit; j++)
            {
                if (labels.OfRow[ids[j]] != labels.OfRow[i])
                {
                    var score = 0.5 + (0.5 * Math.Clamp((sims[j] - thresholds.DuplicateSimilarity) / span, 0, 1));
                    findings.Add(builder.DuplicateConflict(i, ids[j], sims[j], score));
                    break;
                }
            }
        }
    }

    private static int WorstFirst(Finding a, Finding b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byKind = a.Kind.CompareTo(b.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.AnnotationKey, b.AnnotationKey);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
