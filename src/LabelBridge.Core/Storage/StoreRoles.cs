namespace LabelBridge.Core.Storage;

/// <summary>The embedding cache: one vector per (model fingerprint, cache key), shared by every sweep and worker.</summary>
public interface IEmbeddingCache
{
    /// <summary>Cached embeddings among <paramref name="cacheKeys"/> for one model; missing keys are absent.</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(
        string modelFingerprint,
        IReadOnlyCollection<string> cacheKeys,
        CancellationToken cancellationToken);

    Task PutEmbeddingsAsync(
        string modelFingerprint,
        IReadOnlyList<StoredEmbedding> embeddings,
        CancellationToken cancellationToken);

    /// <summary>Copies the cached vectors of <paramref name="cacheKeys"/> for one model into <paramref name="destination"/>:
    /// key i's vector becomes row i (<paramref name="dimension"/> floats) and <paramref name="found"/>[i] is set. Rows of keys
    /// with no vector of that dimension are left as they were. Returns how many rows were found.</summary>
    /// <remarks>For reading a whole sweep's rows at once (the reviewer tools' first request): no object per row, and the
    /// store reads the rows in the order it keeps them, not in the order asked, so a cache on disk is read front to back.</remarks>
    Task<int> ReadEmbeddingsIntoAsync(
        string modelFingerprint,
        IReadOnlyList<string> cacheKeys,
        int dimension,
        float[] destination,
        bool[] found,
        CancellationToken cancellationToken);
}

/// <summary>Sweeps and the checkpoint of each completed stage, so a sweep stopped anywhere resumes.</summary>
public interface ISweepStore
{
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

    /// <summary>Keeps a small part of a sweep's results under <paramref name="name"/> beside its checkpoints (replacing one
    /// of that name), for readers that need that part of many sweeps without reading their whole checkpoints; the sweep's
    /// stage does not change.</summary>
    Task PutSweepPartAsync(long sweepId, string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The part kept by <see cref="PutSweepPartAsync"/>, or null.</summary>
    Task<byte[]?> GetSweepPartAsync(long sweepId, string name, CancellationToken cancellationToken);

    Task FinishSweepAsync(long sweepId, SweepStatus status, DateTimeOffset finishedAt, string? error, CancellationToken cancellationToken);
}

/// <summary>The findings of each sweep, worst first.</summary>
public interface IFindingStore
{
    /// <summary>Replaces the findings of a sweep.</summary>
    Task SaveFindingsAsync(long sweepId, IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredFinding>> GetFindingsAsync(long sweepId, CancellationToken cancellationToken);
}

/// <summary>What review left behind: the markers on the platform and reviewers' decisions.</summary>
public interface IReviewStore
{
    /// <summary>Inserts or updates markers by (project, finding key).</summary>
    Task UpsertMarkersAsync(IReadOnlyList<MarkerRecord> markers, CancellationToken cancellationToken);

    Task<IReadOnlyList<MarkerRecord>> GetMarkersAsync(string project, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the decision for (project, finding key).</summary>
    Task SaveDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string project, CancellationToken cancellationToken);
}

/// <summary>Labels reviewers changed on the platform from the triage page, kept with who, when and the old and new label.</summary>
public interface IRelabelStore
{
    Task SaveRelabelAsync(RelabelRecord relabel, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RelabelRecord>> GetRelabelsAsync(string project, CancellationToken cancellationToken);
}

/// <summary>The patch thumbnail of each annotation, for the triage page.</summary>
public interface IThumbnailStore
{
    Task PutThumbnailAsync(string project, string annotationKey, ReadOnlyMemory<byte> image, CancellationToken cancellationToken);

    Task<byte[]?> GetThumbnailAsync(string project, string annotationKey, CancellationToken cancellationToken);
}

/// <summary>Choices LabelBridge makes and keeps between sweeps: for now the <c>auto</c> embedder's.</summary>
public interface ISettingsStore
{
    /// <summary>Every candidate ever chosen for <paramref name="scope"/>; the highest sequence is the current choice.</summary>
    Task<IReadOnlyList<EmbedderChoiceRecord>> GetEmbedderChoicesAsync(string scope, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row of (scope, candidate).</summary>
    Task SaveEmbedderChoiceAsync(EmbedderChoiceRecord choice, CancellationToken cancellationToken);
}

/// <summary>The HTTP validators of every image fetched from a source whose items can change under the same identity
/// (<see cref="Platforms.IVersionedImageSource"/>), so the next sweep can ask the image server whether it changed.</summary>
public interface IImageVersionStore
{
    /// <summary>The versions remembered among <paramref name="imageKeys"/>; unknown keys are absent.</summary>
    Task<IReadOnlyDictionary<string, Platforms.ImageVersion>> GetImageVersionsAsync(IReadOnlyCollection<string> imageKeys, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the version of each key.</summary>
    Task PutImageVersionsAsync(IReadOnlyDictionary<string, Platforms.ImageVersion> versions, CancellationToken cancellationToken);
}

/// <summary>Thresholds an admin set for a project, used by its sweeps instead of the configured ones.</summary>
public interface IThresholdOverrideStore
{
    /// <summary>The project's overrides, by name.</summary>
    Task<IReadOnlyList<Thresholds.ThresholdOverride>> GetThresholdOverridesAsync(string project, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the override of (project, name).</summary>
    Task SaveThresholdOverrideAsync(Thresholds.ThresholdOverride entry, CancellationToken cancellationToken);

    /// <summary>Removes the override of (project, name), so the configured value applies again.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteThresholdOverrideAsync(string project, string name, CancellationToken cancellationToken);
}
