namespace LabelBridge.Core.Configuration;

/// <summary>Per-project analysis settings. Every default is documented in config/README.md.</summary>
public sealed class AnalysisThresholds
{
    /// <summary>Neighbours per annotation in the kNN graph. Default 10.</summary>
    public int NeighbourCount { get; set; } = 10;

    /// <summary>Mislabel findings below this score are not reported. The score is the calibrated probability that
    /// the label is wrong, so 0.5 means "more likely wrong than right". Default 0.5.</summary>
    public double MislabelMinScore { get; set; } = 0.5;

    /// <summary>Which mislabel scorer: <c>auto</c> (the one that best recovers injected flips), <c>knn</c>,
    /// <c>classifier</c> (out-of-fold logistic regression), <c>combined</c> (their mean), <c>network</c>
    /// (out-of-fold one-hidden-layer network) or <c>network-combined</c> (its mean with the kNN shares). Default auto.</summary>
    public string MislabelScorer { get; set; } = "auto";

    /// <summary>Whether <c>auto</c> learns with the one-hidden-layer network (its trial compares <c>knn</c>,
    /// <c>network</c>, <c>network-combined</c>); false uses the logistic regression (<c>knn</c>, <c>classifier</c>,
    /// <c>combined</c>). A forced <see cref="MislabelScorer"/> is used regardless. Default true.</summary>
    public bool MislabelNetwork { get; set; } = true;

    /// <summary>Folds of the out-of-fold classifier. Default 5.</summary>
    public int ClassifierFolds { get; set; } = 5;

    /// <summary>Share of labels flipped in a copy to choose and calibrate the mislabel scorer; 0 turns the trial off
    /// (the score is then the uncalibrated 1 − p(given)). Default 0.05.</summary>
    public double InjectedFlipRate { get; set; } = 0.05;

    /// <summary>Outlier findings are capped at this share of the population, worst first. Default 0.01.</summary>
    public double OutlierContamination { get; set; } = 0.01;

    /// <summary>Two annotations are near-identical only above this percentile of the project's same-label
    /// nearest-neighbour similarities (and at least <see cref="DuplicateSimilarity"/>). Default 0.99.</summary>
    public double DuplicatePercentile { get; set; } = 0.99;

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

    /// <summary>A copy to change without touching the configuration (an admin's override applies to the copy).</summary>
    public AnalysisThresholds Copy() => (AnalysisThresholds)MemberwiseClone();
}
