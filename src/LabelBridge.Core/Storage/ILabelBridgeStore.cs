namespace LabelBridge.Core.Storage;

/// <summary>Everything LabelBridge keeps between sweeps: embeddings, sweeps and their checkpoints, findings,
/// markers, decisions, thumbnails.</summary>
/// <remarks>One interface, two implementations (SQLite file by default, PostgreSQL when several workers share
/// the work). Every write is atomic on its own, so a worker killed at any point leaves the store consistent.</remarks>
public interface ILabelBridgeStore
{
    /// <summary>Creates or migrates the schema. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Cached embeddings among <paramref name="cacheKeys"/> for one model; missing keys are absent.</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(
        string modelFingerprint,
        IReadOnlyCollection<string> cacheKeys,
        CancellationToken cancellationToken);

    Task PutEmbeddingsAsync(
        string modelFingerprint,
        IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken);

    Task<SweepRecord> CreateSweepAsync(string project, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken);

    Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(string project, int limit, CancellationToken cancellationToken);

    /// <summary>The newest sweep of the project that is running or paused, to resume it.</summary>
    Task<SweepRecord?> FindUnfinishedSweepAsync(string project, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="stage"/> completed, with the data the next stages need, in one transaction.</summary>
    Task CompleteStageAsync(long sweepId, SweepStage stage, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken);

    /// <summary>The checkpoint data written when <paramref name="stage"/> completed, or null.</summary>
    Task<byte[]?> GetCheckpointAsync(long sweepId, SweepStage stage, CancellationToken cancellationToken);

    Task FinishSweepAsync(long sweepId, SweepStatus status, DateTimeOffset finishedAt, string? error, CancellationToken cancellationToken);

    /// <summary>Replaces the findings of a sweep.</summary>
    Task SaveFindingsAsync(long sweepId, IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredFinding>> GetFindingsAsync(long sweepId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates markers by (project, finding key).</summary>
    Task UpsertMarkersAsync(IReadOnlyList<MarkerRecord> markers, CancellationToken cancellationToken);

    Task<IReadOnlyList<MarkerRecord>> GetMarkersAsync(string project, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the decision for (project, finding key).</summary>
    Task SaveDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string project, CancellationToken cancellationToken);

    Task PutThumbnailAsync(string project, string annotationKey, ReadOnlyMemory<byte> image, CancellationToken cancellationToken);

    Task<byte[]?> GetThumbnailAsync(string project, string annotationKey, CancellationToken cancellationToken);
}
