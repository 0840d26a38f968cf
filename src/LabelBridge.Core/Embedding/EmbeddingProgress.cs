namespace LabelBridge.Core.Embedding;

/// <summary>Progress of an embedding run: patches done of total, and the current rate.</summary>
public sealed record EmbeddingProgress(int Done, int Total, double PatchesPerSecond);
