namespace LabelBridge.Storage;

/// <summary>Looks for damage a crash, a manual edit or a bug could leave in the store.</summary>
/// <remarks>Registered next to the store so an admin command can ask for it without knowing which database is in use.</remarks>
public interface IStoreIntegrityCheck
{
    /// <summary>One plain sentence per problem found; empty when the store is sound.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken);
}
