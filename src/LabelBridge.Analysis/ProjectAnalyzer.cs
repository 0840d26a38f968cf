using System.Runtime.CompilerServices;
using LabelBridge.Analysis.Projection;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Thresholds;
using LabelBridge.Core.Vocabulary;
using Microsoft.Extensions.Logging;

namespace LabelBridge.Analysis;

/// <summary>Analyses object crops and image-level labels as two separate populations (an object crop and a whole
/// image are never neighbours), merges their findings worst first, and draws each population's UMAP plot from the
/// kNN graph the analysis already built.</summary>
internal sealed class ProjectAnalyzer(ILogger<ProjectAnalyzer>? logger = null, TimeProvider? time = null) : IProjectAnalyzer
{
    /// <summary>Bump whenever a change here or below (kNN, scores, calibration, projection) can change the output for
    /// the same inputs: a sweep reuses the previous analysis only when this and every input are unchanged.</summary>
    public const string CodeVersion = "analysis-2026-12-03.9";

    public string Version => CodeVersion;

    /// <remarks>Both populations' inputs are taken from <paramref name="embeddings"/> first (image-level labels copy their
    /// rows), so once the objects' analysis has re-measured its outliers nothing here references the set's N×D vectors and a
    /// caller that lets go of the set too lets them be collected before the classifier and the plot (1 GB at a million 256-d
    /// rows). Compiled optimised from the first call for that: unoptimised code keeps every local alive to the end.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ProjectAnalysis Analyze(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken)
    {
        var projection = new ProjectionOptions(Seed: thresholds.Seed);
        var imageInput = snapshot.Annotations.Any(a => a.IsImageLevel) ? AnalysisInput.ForImageLabels(embeddings, snapshot.Annotations) : null;
        var objects = Analyze("objects", AnalysisInput.ForObjects(embeddings, snapshot.Annotations, snapshot.Items), thresholds, projection, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var images = imageInput is null ? null : Analyze("image-level labels", imageInput, thresholds, projection, cancellationToken);

        IReadOnlyList<ThresholdCandidates> candidates = images is null
            ? [objects.Result.Candidates!]
            : [objects.Result.Candidates!, images.Result.Candidates!];
        var findings = ThresholdCandidates.ComposeAll(candidates, thresholds.MislabelMinScore, thresholds.OutlierMinScore);
        var notes = objects.Result.Notes.Concat(objects.Plot.Notes)
            .Concat(images is null ? [] : images.Result.Notes.Concat(images.Plot.Notes).Select(n => $"image-level labels: {n}"))
            .ToList();
        var confusion = objects.Result.Confusion.DominantPairs().Concat(images?.Result.Confusion.DominantPairs() ?? [])
            .Select(p => new ConfusionPair(p.Given, p.Suggested, p.Count))
            .OrderByDescending(p => p.Count)
            .ToList();
        var estimate = LabelErrorEstimate.Sum(objects.Result.Estimate, images?.Result.Estimate);
        return new ProjectAnalysis(findings, notes, confusion, Plot(objects.Plot, images?.Plot), estimate, candidates);
    }

    /// <summary>One plot: image-level labels, when there are any, are drawn as their own island right of the objects.</summary>
    private static PlotProjection Plot(Projection2D objects, Projection2D? images)
    {
        var method = objects.Method.ToString().ToLowerInvariant();
        var trust = double.IsNaN(objects.Trustworthiness) ? (double?)null : objects.Trustworthiness;
        if (images is null || images.AnnotationKeys.Count == 0)
        {
            return new PlotProjection(method, objects.AnnotationKeys, objects.Coordinates, trust);
        }

        var offset = Extent(objects.Coordinates) + Extent(images.Coordinates) / 4;
        var shifted = (float[])images.Coordinates.Clone();
        for (var i = 0; i < shifted.Length; i += 2)
        {
            shifted[i] += offset;
        }

        return new PlotProjection(method, [.. objects.AnnotationKeys, .. images.AnnotationKeys], [.. objects.Coordinates, .. shifted], trust);
    }

    private static float Extent(float[] coordinates)
    {
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        for (var i = 0; i < coordinates.Length; i += 2)
        {
            min = Math.Min(min, coordinates[i]);
            max = Math.Max(max, coordinates[i]);
        }

        return coordinates.Length == 0 ? 0 : max - min + 1;
    }

    /// <remarks>The plot reads the analysed rows and the keys only: it is given the input without its vectors, so the
    /// analysis is their last reader.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Population Analyze(string population, AnalysisInput input, AnalysisThresholds thresholds, ProjectionOptions projection, CancellationToken cancellationToken)
    {
        var laps = logger is null ? null : new AnalysisLaps(time ?? TimeProvider.System);
        var keys = input with { Vectors = [] };
        var result = LabelAnalysis.Analyze(input, thresholds, int.MaxValue, laps, cancellationToken);
        var plot = LabelAnalysis.Project(keys, projection, result.Neighbours, laps, result.Rows, cancellationToken);
        foreach (var lap in laps?.Parts ?? [])
        {
            Log.AnalysisPart(logger!, keys.Count, population, lap.Part, lap.Seconds, lap.CpuSeconds, lap.HeapMiB, lap.ResidentMiB, lap.PeakMiB);
        }

        return new Population(result, plot);
    }

    private sealed record Population(AnalysisResult Result, Projection2D Plot);
}
