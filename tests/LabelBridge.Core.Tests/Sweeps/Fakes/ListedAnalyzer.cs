using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Core.Findings;
using LabelBridge.Core.Sweeps;
using LabelBridge.Core.Vocabulary;

namespace LabelBridge.Core.Tests.Sweeps.Fakes;

/// <summary>Reports the findings a test lists, every time, as an analysis that keeps finding the same suspects does.</summary>
internal sealed class ListedAnalyzer : IProjectAnalyzer
{
    /// <summary>The listed findings are this fake's "code": a test that changes them gets a fresh analysis.</summary>
    public string Version => "listed:" + string.Join(",", Findings.Select(f => $"{f.Key}={f.Score}"));

    public List<Finding> Findings { get; } = [];

    public int Calls { get; private set; }

    /// <summary>Run once, inside the next call, before it returns, with the call's token: what happens elsewhere while the
    /// analysis computes, and how long the analysis computes.</summary>
    public Action<CancellationToken>? During { get; set; }

    public ProjectAnalysis Analyze(ProjectSnapshot snapshot, EmbeddingSet embeddings, AnalysisThresholds thresholds, CancellationToken cancellationToken)
    {
        Calls++;
        var during = During;
        During = null;
        during?.Invoke(cancellationToken);
        return new ProjectAnalysis([.. Findings.OrderByDescending(f => f.Score)], [], [], PlotProjection.Empty);
    }
}
