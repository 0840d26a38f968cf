namespace LabelBridge.Core.Storage;

/// <summary>Everything LabelBridge keeps between sweeps, as one object: the role interfaces it is made of name what a
/// part actually uses (a part that needs only the embedding cache takes <see cref="IEmbeddingCache"/>).</summary>
/// <remarks>Two implementations (SQLite file by default, PostgreSQL when several workers share the work). Every write
/// is atomic on its own, so a worker killed at any point leaves the store consistent.</remarks>
public interface ILabelBridgeStore : IEmbeddingCache, ISweepStore, IFindingStore, IReviewStore, IRelabelStore, IThumbnailStore, ISettingsStore,
    IImageVersionStore, IThresholdOverrideStore
{
    /// <summary>Creates or migrates the schema. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
