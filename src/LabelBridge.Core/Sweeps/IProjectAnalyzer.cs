using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Sweeps;

/// <summary>Turns a project's embeddings into findings, a confusion summary and a 2D picture.</summary>
/// <remarks>Pure: no I/O, deterministic for a seed. Returns every finding above its threshold; suppression of
/// dismissed findings and the per-sweep cap are the sweep's business, so dismissed findings never use up the cap.</remarks>
public interface IProjectAnalyzer
{
    /// <summary>Changes whenever the same inputs could give a different analysis (scores, findings, plot), so a sweep
    /// never reuses an analysis made by other code. Part of <see cref="AnalysisFingerprint"/>.</summary>
    string Version { get; }

    ProjectAnalysis Analyze(
        ProjectSnapshot snapshot,
        EmbeddingSet embeddings,
        AnalysisThresholds thresholds,
        CancellationToken cancellationToken);
}
