namespace LabelBridge.Core.Configuration;

/// <summary>Per-project analysis settings. Every default is documented in config/README.md.</summary>
public sealed class AnalysisThresholds
{
    /// <summary>Neighbours per annotation in the kNN graph. Default 10.</summary>
    public int NeighbourCount { get; set; } = 10;

    /// <summary>Mislabel findings below this score are not reported. Default 0.3.</summary>
    public double MislabelMinScore { get; set; } = 0.3;

    /// <summary>Outlier findings below this percentile score are not reported. Default 0.99.</summary>
    public double OutlierMinScore { get; set; } = 0.99;

    /// <summary>Nearest-neighbour cosine similarity at or above which two annotations count as duplicates. Default 0.97.</summary>
    public double DuplicateSimilarity { get; set; } = 0.97;

    /// <summary>Boxes with a side shorter than this many pixels are flagged as tiny. Default 4.</summary>
    public double MinBoxSidePixels { get; set; } = 4;

    /// <summary>Boxes whose long side exceeds this multiple of the short side are flagged. Default 20.</summary>
    public double MaxAspectRatio { get; set; } = 20;

    /// <summary>Boxes smaller than this fraction of their class's median area are flagged. Default 0.02.</summary>
    public double MinAreaRelativeToClassMedian { get; set; } = 0.02;

    /// <summary>Above this many annotations, the kNN graph is approximate (HNSW) instead of exact. Default 50,000.</summary>
    public int ExactSearchLimit { get; set; } = 50_000;

    /// <summary>Seed for every stochastic step (HNSW, UMAP, samples). Default 42.</summary>
    public int Seed { get; set; } = 42;
}
