namespace LabelBridge.Core.Embedding;

/// <summary>Progress of an embedding run: patches done of total, and the current rate.</summary>
public sealed record EmbeddingProgress(int Done, int Total, double PatchesPerSecond)
{
    /// <summary>Time left at the current rate; null until a rate is known.</summary>
    public TimeSpan? EstimatedTimeLeft =>
        PatchesPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, Total - Done) / PatchesPerSecond) : null;
}
