namespace LabelBridge.Embeddings.Tests.Fixtures;

/// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>), so tests see every report in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

internal static class SynchronousProgress
{
    public static SynchronousProgress<Core.Embedding.EmbeddingProgress> Of(Action<Core.Embedding.EmbeddingProgress> report) => new(report);
}
