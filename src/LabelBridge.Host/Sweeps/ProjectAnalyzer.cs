using LabelBridge.Analysis;
using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Host.Sweeps;

/// <summary>Analyses object crops and image-level labels as two separate populations (an object crop and a whole
/// image are never neighbours) and merges their findings, worst first.</summary>
internal sealed class ProjectAnalyzer : IProjectAnalyzer
{
    public ProjectAnalysis Analyze(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken)
    {
        var objects = LabelAnalysis.Analyze(AnalysisInput.ForObjects(embeddings, snapshot.Annotations, snapshot.Items), thresholds, int.MaxValue);
        cancellationToken.ThrowIfCancellationRequested();
        var images = snapshot.Annotations.Any(a => a.IsImageLevel)
            ? LabelAnalysis.Analyze(AnalysisInput.ForImageLabels(embeddings, snapshot.Annotations), thresholds, int.MaxValue)
            : null;

        var findings = objects.Findings.Concat(images?.Findings ?? []).OrderByDescending(f => f.Score).ToList();
        var notes = objects.Notes.Concat(images?.Notes.Select(n => $"image-level labels: {n}") ?? []).ToList();
        var confusion = objects.Confusion.DominantPairs().Concat(images?.Confusion.DominantPairs() ?? [])
            .Select(p => new ConfusionPair(p.Given, p.Suggested, p.Count))
            .OrderByDescending(p => p.Count)
            .ToList();
        return new ProjectAnalysis(findings, notes, confusion, PlotProjection.Empty);
    }
}
