using LabelBridge.Core.Embedding;

namespace LabelBridge.Embeddings.Pipeline;

/// <summary>Counts patches done and reports them with the rate of this run (cache hits count as done, not in the rate).</summary>
internal sealed class ProgressMeter
{
    private readonly TimeProvider time;
    private readonly long started;
    private int alreadyDone;
    private readonly int total;
    private readonly IProgress<EmbeddingProgress>? progress;

    public ProgressMeter(TimeProvider time, int alreadyDone, int total, IProgress<EmbeddingProgress>? progress)
    {
        this.time = time;
        this.alreadyDone = alreadyDone;
        this.total = total;
        this.progress = progress;
        started = time.GetTimestamp();
    }

    public int Embedded { get; private set; }

    /// <summary>Cache hits that are embedded again after all (their image changed): no longer done.</summary>
    public void Reclaim(int patches) => Interlocked.Add(ref alreadyDone, -patches);

    public void Add(int patches)
    {
        Embedded += patches;
        Report();
    }

    public void Report()
    {
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        progress?.Report(new EmbeddingProgress(Volatile.Read(ref alreadyDone) + Embedded, total, seconds > 0 ? Embedded / seconds : 0));
    }
}
