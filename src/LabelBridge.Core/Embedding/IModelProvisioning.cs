namespace LabelBridge.Core.Embedding;

/// <summary>Makes sure the model an embedder names is on disk before a sweep needs it.</summary>
/// <remarks>A port, because installing the default model is the host's business (it fetches a package); the use cases
/// only need to know it is there.</remarks>
public interface IModelProvisioning
{
    /// <param name="embedder">The embedder spec of the project (or the configured default).</param>
    /// <param name="cancellationToken">Cancels the installation.</param>
    Task EnsureAsync(string embedder, CancellationToken cancellationToken);
}
