using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>Reports the findings a test lists, every time, as an analysis that keeps finding the same suspects does.</summary>
internal sealed class ListedAnalyzer : IProjectAnalyzer
{
    public List<Finding> Findings { get; } = [];

    public int Calls { get; private set; }

    public ProjectAnalysis Analyze(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken)
    {
        Calls++;
        return new ProjectAnalysis([.. Findings.OrderByDescending(f => f.Score)], [], [], PlotProjection.Empty);
    }
}
